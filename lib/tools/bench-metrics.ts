// npm run bench -- --metrics-only: the collector and the metrics store at 1,000 services x 10 real
// servers. The collector is fed the System Overview of a synthetic configuration whose counters grow,
// as the poller would hand it over; the store is a real SQLite file. Figures are printed, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MetricsStore } from '../server/metrics/store';
import { collectPoll, resetCollector } from '../server/metrics/collector';
import { availability, chooseStep, planRetention, spanText } from '../render/timeseries';
import { defaultBudgetBytes } from '../server/metrics/store-retention';
import { METRICS, STEPS, type HealthState } from '../schemas/metrics';
import type { Overview } from '../schemas/overview';

const SERVICES = 1_000;
const PER_SERVICE = 10;

function syntheticOverview(poll: number, busy: boolean): Overview {
  const grow = (base: number) => (busy ? base * poll : 0);
  return {
    generatedAt: new Date().toISOString(),
    pollIntervalMs: 10_000,
    source: 'director1',
    splitBrain: null,
    noStandby: null,
    stateScope: 'service',
    lastFailover: null,
    directors: [],
    virtualServices: Array.from({ length: SERVICES }, (_, i) => ({
      id: `vs${i}`,
      label: `VS_${i}`,
      ip: '10.0.0.1',
      ports: '443',
      protocol: 'tcp',
      forwarding: 'dr',
      check: 'Connect to port',
      state: 'up' as const,
      activeConnections: busy ? 30 + (poll % 7) : 0,
      inactiveConnections: busy ? 5 : 0,
      counters: { connections: grow(40), inBytes: grow(400_000), outBytes: 0, inPackets: grow(3_000), outPackets: 0 },
      realServers: Array.from({ length: PER_SERVICE }, (_, j) => ({
        id: `rs${i}_${j}`,
        label: `RS_${i}_${j}`,
        ip: '10.1.0.1',
        port: null,
        adminState: 'online' as const,
        configuredWeight: 100,
        liveWeight: 100,
        health: 'up' as const,
        activeConnections: busy ? 3 + ((poll + j) % 3) : 0,
        inactiveConnections: busy ? j % 2 : 0,
        persistentClients: 0,
        connectionsTotal: grow(4 + (j % 3)),
        inBytes: grow(40_000 + j),
        outBytes: 0,
        inPackets: grow(300),
        outPackets: 0,
        pendingOn: [],
        haltWhenIdle: null,
      })),
    })),
  };
}

const directors = (poll: number) =>
  ['d1', 'd2'].map((id) => ({
    id,
    snapshot: {
      takenAt: new Date(),
      services: [],
      syncDaemon: null,
      vrrpState: null,
      vrrpSince: null,
      vrrpLeftMaster: null,
      addresses: [],
      loadAverage: [0.5, 0.4, 0.3] as [number, number, number],
      interfaces: [
        { name: 'eth0', rxBytes: poll * 1e6, txBytes: poll * 2e5 },
        { name: 'eth1', rxBytes: poll * 5e5, txBytes: poll * 1e5 },
      ],
      stateFiles: {},
      persistentRead: true,
      keepalivedPid: 1,
      yielding: false,
    },
  }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

/** Polls for `minutes` minutes of 10 s buckets; returns the per-poll times and the store. */
function runPolls(busy: boolean, minutes: number, start: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-bench-metrics-'));
  const store = new MetricsStore(path.join(dir, 'metrics.sqlite'));
  resetCollector();
  const wall: number[] = [];
  const cpu: number[] = [];
  const minuteEnds: number[] = [];
  for (let i = 0; i < minutes * 6; i++) {
    const overview = syntheticOverview(i + 1, busy);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    collectPoll(overview, directors(i + 1), (start + i * 10) * 1000, store);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    (i > 0 && i % 6 === 0 ? minuteEnds : wall).push(ms);
    cpu.push((c.user + c.system) / 1000);
  }
  return { dir, store, wall, cpu, minuteEnds };
}

export async function benchMetrics() {
  const start = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600; // a whole hour, three hours ago
  const minutes = Number(process.env.LVS_BENCH_METRICS_MINUTES ?? 30);
  console.log(
    `\nMetrics collector and store (${SERVICES.toLocaleString('en')} services x ${PER_SERVICE} real servers, ${minutes} min of 10 s polls; ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''})`,
  );
  console.log(
    `| traffic | poll: collect + write (ms, median) | poll CPU (ms, median) | poll ending a minute, with its rollup (ms, median) | raw rows per poll | bytes per raw row | bytes per rollup row | raw, 24 h (MB) | minute rollups per day (MB) | hourly rollups per day (MB) | at steady state, everything kept (24 h raw + 30 d minutes + 1 y hours) (MB) | kept within the default budget (${mb(defaultBudgetBytes())} MB) | at steady state within it (MB) |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  const results: Record<string, ReturnType<typeof runPolls>> = {};
  for (const busy of [true, false]) {
    const r = runPolls(busy, minutes, start);
    results[busy ? 'busy' : 'idle'] = r;
    const st = r.store.stats();
    // Bytes per table from SQLite's own page accounting (indexes of a WITHOUT ROWID table are the table).
    const size = new Map(
      (r.store.db.prepare('SELECT name, sum(pgsize) AS b FROM dbstat GROUP BY name').all() as { name: string; b: number }[]).map((x) => [
        x.name,
        x.b,
      ]),
    );
    // Per poll and per minute at steady state: the first poll (and so the first minute) writes every
    // target once (no earlier counters, so its rates are unknown), which is left out here.
    const count = (sql: string, ...args: number[]) => (r.store.db.prepare(sql).get(...args) as { n: number }).n;
    const rawPerPoll = count('SELECT count(*) AS n FROM raw WHERE t > ?', start) / (minutes * 6 - 1);
    const rawRow = st.rows.raw ? (size.get('raw') ?? 0) / st.rows.raw : 0;
    const rollRow = st.rows.m1 ? (size.get('m1') ?? 0) / st.rows.m1 : 0;
    const rollupsPerMinute = count('SELECT count(*) AS n FROM m1 WHERE t > ?', start) / Math.max(1, minutes - 2);
    const rawDay = rawPerPoll * 8640 * rawRow;
    const m1Day = rollupsPerMinute * 1440 * rollRow;
    const h1Day = rollupsPerMinute * 24 * rollRow;
    // What the size budget keeps at these rates and row sizes, and the file it gives (the hour until the next prune included).
    const rowsPerSecond = { 10: rawPerPoll / 10, 60: rollupsPerMinute / 60, 3600: rollupsPerMinute / 3600 };
    const bytesPerRow = { 10: rawRow, 60: rollRow, 3600: rollRow };
    const nextHour = STEPS.reduce((sum, x) => sum + 3600 * rowsPerSecond[x] * bytesPerRow[x], 0);
    const kept = planRetention({ budgetBytes: defaultBudgetBytes() - nextHour, rowsPerSecond, bytesPerRow });
    const keptBytes = STEPS.reduce((sum, x) => sum + (kept[x] + 3600) * rowsPerSecond[x] * bytesPerRow[x], 0);
    console.log(
      `| ${busy ? 'every real server busy' : 'idle (no connections)'} | ${median(r.wall).toFixed(1)} | ${median(r.cpu).toFixed(1)} | ${r.minuteEnds.length ? median(r.minuteEnds).toFixed(1) : '-'} | ${rawPerPoll.toFixed(0)} | ${rawRow.toFixed(0)} | ${rollRow.toFixed(0)} | ${mb(rawDay)} | ${mb(m1Day)} | ${mb(h1Day)} | ${mb(rawDay + 30 * m1Day + 365 * h1Day)} | 10 s: ${spanText(kept[10])}, 1 min: ${spanText(kept[60])}, 1 h: ${spanText(kept[3600])} | ${mb(keptBytes)} |`,
    );
  }
  // Queries, on the busy store: its minutes extended to 30 days and hours to a year for 50 services.
  const { store } = results.busy;
  const now = start + minutes * 60;
  const insertM1 = store.db.prepare(
    `INSERT OR REPLACE INTO m1 SELECT target, ? AS t, k, ${rollupColumnList()} FROM m1 WHERE t = ? AND target = ?`,
  );
  const insertH1 = store.db.prepare(
    `INSERT OR REPLACE INTO h1 SELECT target, ? AS t, k, ${rollupColumnList()} FROM m1 WHERE t = ? AND target = ?`,
  );
  const seed = store.db.prepare("SELECT id FROM target WHERE kind = 'service' ORDER BY id LIMIT 50").all() as { id: number }[];
  const t0m = start;
  store.db.transaction(() => {
    for (const { id } of seed) {
      for (let m = 1; m < 30 * 1440; m++) insertM1.run(t0m - m * 60, t0m, id);
      for (let h = 1; h < 365 * 24; h++) insertH1.run(t0m - h * 3600, t0m, id);
    }
    const poll = store.db.prepare('INSERT OR REPLACE INTO poll (res, t, n, source) VALUES (?, ?, 1, ?)');
    for (let m = 1; m < 30 * 1440; m++) poll.run(60, t0m - m * 60, 'd1');
    for (let h = 1; h < 365 * 24; h++) poll.run(3600, t0m - h * 3600, 'd1');
  })();
  const time = (fn: () => unknown, runs = 5) => {
    fn();
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      fn();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  console.log('\nQueries (the busy store above, one service with 30 days of minutes and a year of hours)');
  console.log('| query | points | ms (median of 5) |');
  console.log('|---|---:|---:|');
  const from30 = now - 30 * 86400;
  for (const [name, step] of [
    ['30-day graph of one service, drawn step (1 h)', chooseStep(from30, now, now)],
    ['30-day graph of one service at 1 min', 60],
    ['1-hour graph of one service at 10 s', 10],
  ] as const) {
    const from = step === 10 ? now - 3600 : from30;
    const pts = store.series('service', 'vs0', 'activeConnections', from, now, step).length;
    console.log(`| ${name} | ${pts} | ${time(() => store.series('service', 'vs0', 'activeConnections', from, now, step)).toFixed(1)} |`);
  }
  // Availability of 10,000 real servers over 30 days with 10 health changes each.
  const ev = store.db.prepare('INSERT INTO event (t, kind, ref, state, detail) VALUES (?, ?, ?, ?, NULL)');
  store.db.transaction(() => {
    for (let i = 0; i < SERVICES; i++)
      for (let j = 0; j < PER_SERVICE; j++)
        for (let k = 0; k < 10; k++) ev.run(from30 + k * 200_000 + i, 'health', `rs${i}_${j}`, k % 2 ? 'up' : 'down');
  })();
  const availabilityTable = () => {
    const timelines = store.timelines('health', from30, now);
    let n = 0;
    for (let i = 0; i < SERVICES; i++)
      for (let j = 0; j < PER_SERVICE; j++) {
        const tl = timelines.get(`rs${i}_${j}`);
        n += availability((tl?.before as HealthState) ?? null, (tl?.events ?? []) as { t: number; state: HealthState }[], from30, now)
          .outages.length;
      }
    return n;
  };
  console.log(
    `| of which reading the health changes and each real server's state at the start | - | ${time(() => store.timelines('health', from30, now), 3).toFixed(1)} |`,
  );
  console.log(
    `| availability table, 10,000 real servers, 30 days, 100,000 health changes (store + computation; the names come from the configuration) | ${SERVICES * PER_SERVICE} | ${time(availabilityTable, 3).toFixed(1)} |`,
  );
  for (const r of Object.values(results)) {
    r.store.close();
    fs.rmSync(r.dir, { recursive: true, force: true });
  }
}

function rollupColumnList() {
  // Every rollup column of m1, in table order (after target, t and k).
  return METRICS.flatMap((m) => [`"${m}_min"`, `"${m}_avg"`, `"${m}_max"`]).join(', ');
}
