// npm run bench: measured performance, printed as tables (never asserted in tests).
import { performance } from 'node:perf_hooks';
import { renderConfiguration } from '../render';
import { renderKeepalivedConf } from '../render/keepalived';
import type { RenderInput, RenderService } from '../render/model';
import { NO_CHECK } from '../schemas/health-check';
import { benchMetrics } from './bench-metrics';
import { benchScale, benchScaleChild } from './bench-scale';
import { benchDirectorScale } from './bench-director-scale';
import { benchFleet, benchFleetChild } from './bench-fleet';
import { CHROMIUM_LAUNCH } from '../test/chromium';

function syntheticServices(n: number, perService: number): RenderService[] {
  const services: RenderService[] = [];
  for (let i = 0; i < n; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    services.push({
      label: `VS_${i}`,
      ip,
      ports: i % 2 ? '80,443,3389,4172,42966,50001,50002' : '443',
      protocol: i % 2 ? 'tcpudp' : 'tcp',
      forwarding: i % 3 ? 'dr' : 'nat',
      scheduler: 'wlc',
      persistence: { enabled: true, timeout: 300, granularity: null },
      healthCheck: {
        ...NO_CHECK,
        type: 'negotiate',
        port: 443,
        protocol: 'https',
        request: '/app/system/ping',
        response: 'OK',
        moreUrls: [],
      },
      fallback: null,
      quorum: null,
      hysteresis: null,
      quiescent: null,
      emailAlert: [],
      checkTiming: { interval: null, timeout: null, retries: null, retryDelay: null },
      fwmark: i + 1,
      realServers: Array.from({ length: perService }, (_, j) => ({
        label: `RS_${i}_${j}`,
        ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${(i & 255) ^ j}`,
        port: null,
        weight: 100,
        minConnections: 0,
        maxConnections: 0,
        adminState: 'online' as const,
      })),
    });
  }
  return services;
}

function median(fn: () => void, runs = 5): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

function benchRender() {
  const rows: string[][] = [];
  for (const n of [100, 1_000, 10_000]) {
    const input: RenderInput = {
      services: syntheticServices(n, 10),
      floatingIps: [],
      directors: [
        { name: 'director1', role: 'primary', vrrpInterface: 'eth0', vrrpAddress: '192.0.2.1', vrrpPriority: 150 },
        { name: 'director2', role: 'secondary', vrrpInterface: 'eth0', vrrpAddress: '192.0.2.2', vrrpPriority: 100 },
      ],
    };
    const out = renderConfiguration(input);
    const bytes = Object.values(out.directors).reduce((b, f) => b + Object.values(f).reduce((x, t) => x + t.length, 0), 0);
    const conf = median(() => renderKeepalivedConf(input, 'director1'));
    const all = median(() => renderConfiguration(input));
    rows.push([String(n), String(n * 10), conf.toFixed(1), all.toFixed(1), ((all / n) * 1000).toFixed(1), (bytes / 1e6).toFixed(1)]);
  }
  console.log('\nRender (median of 5 runs, after one warm-up)');
  console.log(
    '| services | real servers | keepalived.conf, one director (ms) | all artefacts, HA pair (ms) | µs per service | output (MB) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

// ---- Apply on the lab VM: the pipeline vs ipvsadm-restore alone vs one ipvsadm call per rule ----
async function benchApply() {
  const { Lab } = await import('../lab/lab');
  const { readState } = await import('../lab/vm');
  const { DirectorConnection } = await import('../director/transport');
  const { applyToDirector } = await import('../director/apply');
  const { renderIpvsadmRules, expectedIpvsSave } = await import('../render/ipvsadm');
  const { renderConfiguration } = await import('../render');
  const { authorizeKey } = await import('../lab/lab');
  const { takeSnapshot } = await import('../director/snapshot');
  const { writeStateFiles } = await import('../director/live-state');
  const { renderStateFiles, stateKey, stateFileName, STATE_VALUES } = await import('../render/state-files');
  const { generateKeyPair } = await import('../director/ssh-key');

  const startedHere = !readState();
  const lab = await Lab.start({ mode: 'dr' });
  const key = generateKeyPair('lvs-bench');
  authorizeKey(key.public);
  const access = lab.directors()[0];
  const conn = await DirectorConnection.connect(
    { name: access.name, host: access.host, port: access.port, user: 'root', hostKeyFingerprint: access.hostKeyFingerprint },
    key.private,
  );
  const rows: string[][] = [];
  const snapshotRows: string[][] = [];
  const stateRows: string[][] = [];
  const medianAsync = async (fn: () => Promise<unknown>, runs = 5) => {
    await fn();
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
  };
  try {
    const sizes = (process.env.LVS_BENCH_SERVICES ?? '100,1000').split(',').map(Number);
    for (const n of sizes) {
      const services = syntheticServices(n, 10).map((s) => ({ ...s, healthCheck: { ...s.healthCheck, type: 'none' as const } }));
      const input: RenderInput = {
        services,
        floatingIps: [],
        directors: [{ name: access.name, role: 'primary', vrrpInterface: 'eth0', vrrpAddress: null, vrrpPriority: 150 }],
      };
      const artefacts = renderConfiguration(input).directors[access.name];
      const expected = expectedIpvsSave(services);
      const rules = renderIpvsadmRules(services);
      const reset = () => conn.exec('systemctl stop keepalived; ipvsadm -C; rm -f /etc/keepalived/keepalived.conf', { timeoutMs: 600_000 });

      await reset();
      let t0 = performance.now();
      await applyToDirector(conn, artefacts, expected, async () => undefined, {
        verifyTimeoutMs: 600_000,
        stateFiles: renderStateFiles(services),
      });
      const applyMs = performance.now() - t0;

      // Drain one real server live (its state file, keepalived running this table) until the kernel shows weight 0.
      const target = services[0].realServers[3];
      const entry = `-a -t ${services[0].ip}:443 -r ${target.ip}:443`;
      t0 = performance.now();
      await writeStateFiles(conn, { [stateFileName(stateKey(services[0], target))]: STATE_VALUES.drain });
      const written = performance.now() - t0;
      for (;;) {
        const r = await conn.exec(`ipvsadm -Sn | grep -F -- '${entry} '`);
        if (r.stdout.split('\n').some((l) => l.startsWith(entry) && / -w 0$/.test(l.trim()))) break;
        if (performance.now() - t0 > 60_000) throw new Error('the drain did not reach the kernel within 60 s');
      }
      stateRows.push([String(n), (written / 1000).toFixed(2), ((performance.now() - t0) / 1000).toFixed(2)]);

      // One overview snapshot against one `ipvsadm -Ln --stats --exact` alone, over the same connection.
      const snap = await medianAsync(() => takeSnapshot(conn, { timeoutMs: 600_000 }));
      const stats = await medianAsync(() => conn.exec('ipvsadm -Ln --stats --exact', { timeoutMs: 600_000 }));
      snapshotRows.push([String(n), String(n * 10), (snap / 1000).toFixed(2), (stats / 1000).toFixed(2), (snap / stats).toFixed(2)]);

      await reset();
      await conn.upload('/tmp/bench.rules', rules);
      t0 = performance.now();
      const restore = await conn.exec('ipvsadm-restore < /tmp/bench.rules && ipvsadm -Sn | wc -l', { timeoutMs: 600_000 });
      const restoreMs = performance.now() - t0;
      if (restore.code !== 0) throw new Error(`ipvsadm-restore failed: ${restore.stderr}`);

      // One ipvsadm process per rule (as a naive pusher would run them), timed on a sample of rules
      // and scaled: under emulation every exec costs ~0.2 s, so all 11,000 would take most of an hour.
      await reset();
      const ruleLines = rules.split('\n').filter((l) => l.startsWith('-'));
      const sample = ruleLines.slice(0, Math.min(ruleLines.length, 550));
      await conn.upload('/tmp/bench.sample', sample.join('\n') + '\n');
      t0 = performance.now();
      const perRule = await conn.exec('while read -r line; do ipvsadm $line || exit 1; done < /tmp/bench.sample', { timeoutMs: 1_800_000 });
      const sampleMs = performance.now() - t0;
      if (perRule.code !== 0) throw new Error(`per-rule ipvsadm failed: ${perRule.stderr}`);
      const perRuleMs = (sampleMs / sample.length) * ruleLines.length;
      rows.push([
        String(n),
        String(n * 10),
        String(ruleLines.length),
        (applyMs / 1000).toFixed(1),
        (restoreMs / 1000).toFixed(1),
        `${(perRuleMs / 1000).toFixed(0)}${sample.length < ruleLines.length ? ` (from ${sample.length})` : ''}`,
        (applyMs / restoreMs).toFixed(2),
        (perRuleMs / applyMs).toFixed(1),
      ]);
      await reset();
    }
  } finally {
    conn.close();
    if (startedHere) await Lab.stop();
  }
  console.log('\nApply on the lab VM (QEMU/TCG, 2 vCPUs; services without health checks, so the table is static)');
  console.log(
    '| services | real servers | rules | apply pipeline (s) | ipvsadm-restore alone (s) | one ipvsadm per rule (s) | apply / restore | per-rule / apply |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('\nOverview snapshot on the lab VM (median of 5, same SSH connection; keepalived running the table)');
  console.log('| services | real servers | one snapshot (s) | ipvsadm -Ln --stats --exact alone (s) | snapshot / stats |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const r of snapshotRows) console.log(`| ${r.join(' | ')} |`);
  console.log('\nDrain of one real server on the lab VM (state file written, then polled until the kernel shows weight 0; no reload)');
  console.log('| services in the table | write the state file (s) | until weight 0 in the kernel (s) |');
  console.log('|---:|---:|---:|');
  for (const r of stateRows) console.log(`| ${r.join(' | ')} |`);
}

// ---- The System Overview page in Chromium with 1,000 services x 10 real servers ----
async function benchOverviewPage() {
  const fs = await import('node:fs');
  const { chromium } = await import('@playwright/test');
  const { startConsole, ADMIN_PASSWORD } = await import('../test/console-server');
  const { executablePath } = CHROMIUM_LAUNCH;
  if (!fs.existsSync(executablePath)) return console.log(`\nOverview page: skipped (no Chromium at ${executablePath})`);
  const n = 1_000;
  const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const doc = {
      format: 'lvs-console/1',
      virtualServices: syntheticServices(n, 10).map(({ fwmark: _f, realServers, ...s }) => ({
        ...s,
        realServers: realServers.map(({ label, ip, weight }) => ({ label, ip, weight })),
      })),
      floatingIps: [],
      directors: [],
    };
    const file = `${server.dataDir}/bench.json`;
    fs.writeFileSync(file, JSON.stringify(doc));
    const imported = server.cli('import', file);
    if (imported.status !== 0) throw new Error(imported.stderr);
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.goto(`${server.baseURL}/login`);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/overview$/, { timeout: 120_000 });
    await page.getByText(`${n} of ${n} services`).waitFor({ timeout: 120_000 });
    // An update in place: from the moment the page's own fetch has the snapshot parsed, to the first
    // frame after React has rendered it (the page refreshes on its own every 2 s).
    const times = await page.evaluate(
      (runs) =>
        new Promise<number[]>((resolve) => {
          const out: number[] = [];
          const orig = window.fetch.bind(window);
          window.fetch = async (...args: Parameters<typeof fetch>) => {
            const res = await orig(...args);
            if ((args[0] instanceof Request ? args[0].url : args[0].toString()).includes('/api/v1/overview')) {
              const json = res.json.bind(res);
              res.json = async () => {
                const body = await json();
                const arrived = self.performance.now();
                requestAnimationFrame(() =>
                  setTimeout(() => {
                    out.push(self.performance.now() - arrived);
                    if (out.length === runs) resolve(out);
                  }),
                );
                return body;
              };
            }
            return res;
          };
        }),
      5,
    );
    const sorted = [...times].sort((a, b) => a - b);
    console.log('\nSystem Overview page in Chromium (1,000 services x 10 real servers, no director)');
    console.log('| services | real servers | update rendered after the data arrived (ms, median of 5) | slowest (ms) |');
    console.log('|---:|---:|---:|---:|');
    console.log(`| ${n} | ${n * 10} | ${sorted[2].toFixed(0)} | ${sorted[4].toFixed(0)} |`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

// ---- Failover on the lab pair: a crash of the active director vs a clean stop of its keepalived ----
// At each advert interval of LVS_BENCH_FAILOVER_ADVERTS (default 1, 0.5 and 0.2 s; below 1 s with
// VRRPv3), 5 runs each, the client-side time beside VRRP's floor; then, at the last interval, an apply of
// 1,000 services x 10 real servers: does either director change VRRP state meanwhile?
async function benchFailover() {
  const { Lab, authorizeKey } = await import('../lab/lab');
  const { readState } = await import('../lab/vm');
  const { useTempDatabase } = await import('../test/temp-db');
  const { restoreConfiguration } = await import('../server/config/restore');
  const { updateConsoleSettings } = await import('../server/config/settings');
  const { SEED_DR } = await import('../schemas/seed');
  const { expectedTakeover } = await import('../schemas/settings');
  const { getConsoleKey } = await import('../server/directors/console-key');
  const { startApply } = await import('../server/apply/start');
  const { makeDirectorActive } = await import('../server/ha/make-active');
  const { readPair } = await import('../server/ha/pair');
  const { getDb } = await import('../server/platform/db-client');
  const { dropAllDirectorSessions } = await import('../server/directors/sessions');

  const startedHere = !readState();
  const lab = await Lab.start({ mode: 'dr' });
  const VIP = '192.168.98.238';
  const runs = 5;
  const adverts = (process.env.LVS_BENCH_FAILOVER_ADVERTS ?? '1,0.5,0.2').split(',').map(Number);
  const rows: string[] = [];
  let quiet = '';
  try {
    await useTempDatabase();
    const doc = structuredClone(SEED_DR) as typeof SEED_DR & { directors: Record<string, unknown>[]; virtualServices: unknown[] };
    doc.directors = doc.directors.map((d) => {
      const a = lab.directors().find((x) => x.name === d.name)!;
      return { ...d, host: a.host, port: a.port, hostKeyFingerprint: a.hostKeyFingerprint };
    });
    await restoreConfiguration({ document: doc, actor: 'bench' });
    authorizeKey((await getConsoleKey()).publicKey);
    const apply = async (comment: string) => {
      const run = await (await startApply({ comment, actor: 'bench' })).done;
      if (run.status !== 'succeeded') throw new Error(`apply failed: ${run.error}`);
      return run.steps.filter((st) => !st.director).map((st) => `${st.name}: ${st.output ?? ''}`);
    };
    const d1 = (await getDb().director.findFirstOrThrow({ where: { name: 'director1' } })).id;
    const vmNow = async () => Number((await lab.vm('date +%s.%N')).stdout.trim());
    const firstAnswer = async () => {
      const r = await lab.fromClient(
        // A new connection every ~0.05 s that gives up connecting after 0.25 s (a SYN to a VIP nobody holds
        // would wait for its 1 s retransmit): the time until a client's new connection is answered.
        `for i in $(seq 1 600); do curl -sk --connect-timeout 0.25 --max-time 3 -o /dev/null https://${VIP}/whoami && { date +%s.%N; exit 0; }; sleep 0.05; done; exit 1`,
        120_000,
      );
      if (r.code !== 0) throw new Error('the VIP never answered after the failover');
      return Number(r.stdout.trim());
    };
    const settle = async () => {
      // Both directors up and director1 active again, before the next round.
      for (let i = 0; i < 60; i++) {
        const p = await readPair();
        if (p.views.every((v) => v.view?.running)) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      await makeDirectorActive({ id: d1, actor: 'bench' });
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const advert of adverts) {
      await updateConsoleSettings({ input: { vrrpVersion: Number.isInteger(advert) ? 2 : 3, vrrpAdvertInterval: advert }, actor: 'bench' });
      await apply(`bench: adverts every ${advert} s`);
      const results: Record<'crash' | 'clean stop', number[]> = { crash: [], 'clean stop': [] };
      for (let i = 0; i < runs; i++) {
        await settle();
        let t0 = await vmNow();
        await lab.killDirector('director1');
        results.crash.push((await firstAnswer()) - t0);
        await lab.reviveDirector('director1');
        await settle();
        t0 = await vmNow();
        await lab.mustRun('director1', 'systemctl stop keepalived');
        results['clean stop'].push((await firstAnswer()) - t0);
        await lab.mustRun('director1', 'systemctl start keepalived');
      }
      // director2 (priority 100) takes over from director1.
      const floor = expectedTakeover(advert, 100);
      for (const k of ['crash', 'clean stop'] as const) {
        const xs = results[k];
        rows.push(
          `| ${advert} s (VRRPv${Number.isInteger(advert) ? 2 : 3}) | ${k === 'crash' ? 'active director crashes (processes killed, links down)' : 'keepalived stopped cleanly on the active director'} | ${median(xs).toFixed(2)} | ${Math.min(...xs).toFixed(2)} | ${Math.max(...xs).toFixed(2)} | ${(k === 'crash' ? floor.crash : floor.cleanStop).toFixed(2)} |`,
        );
      }
    }
    quiet = await applyLargeQuietly(lab, doc, adverts[adverts.length - 1], { restoreConfiguration, apply, settle });
  } finally {
    dropAllDirectorSessions();
    if (startedHere) await Lab.stop();
  }
  console.log(
    `\nFailover on the lab pair, seen from the client (a new HTTPS connection to the VIP every ~0.05 s + curl's start, 0.25 s to connect; QEMU/TCG), ${runs} runs each`,
  );
  console.log('| adverts | event | median (s) | min (s) | max (s) | VRRP floor (s) |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log(quiet);
}

/** An apply of 1,000 services x 10 real servers at the given adverts: VRRP state changes on either director meanwhile. */
async function applyLargeQuietly(
  lab: import('../lab/lab').Lab,
  seed: { virtualServices: unknown[] },
  advert: number,
  f: {
    restoreConfiguration: (a: { document: unknown; actor: string }) => Promise<unknown>;
    apply: (comment: string) => Promise<string[]>;
    settle: () => Promise<void>;
  },
): Promise<string> {
  await f.settle();
  const large = structuredClone(seed);
  for (let i = 0; i < 100; i++)
    for (let p = 0; p < 10; p++)
      large.virtualServices.push({
        label: `BIG_${i}_${p}`,
        ip: `10.100.0.${i}`,
        ports: String(8000 + p),
        healthCheck: { type: 'none' },
        realServers: Array.from({ length: 10 }, (_, j) => ({ label: `RS_${j}`, ip: `172.${16 + j}.0.${i}` })),
      });
  await f.restoreConfiguration({ document: large, actor: 'bench' });
  // What would move the floating IPs: director1 (active) leaving MASTER, director2 becoming MASTER.
  const count = async (d: 'director1' | 'director2', what: string) =>
    Number((await lab.mustRun(d, `grep -c '${what}' /run/keepalived.log || true`)).trim());
  const moves = async () =>
    (await count('director1', 'Entering \\(BACKUP\\|FAULT\\)\\|entering FAULT')) + (await count('director2', 'Entering MASTER'));
  const before = await moves();
  const t0 = Date.now();
  const pairSteps = await f.apply('bench: 1,000 services at fast adverts');
  console.log(`[bench] the pair's steps of that apply: ${pairSteps.join(' | ')}`);
  const took = (Date.now() - t0) / 1000;
  const after = await moves();
  if (after !== before)
    for (const d of ['director1', 'director2'] as const)
      console.log(
        `[bench] ${d}: ${(await lab.mustRun(d, "grep -n 'Entering\\|entering\\|Reloading\\|yield' /run/keepalived.log | tail -n 12")).trim()}`,
      );
  await f.restoreConfiguration({ document: seed, actor: 'bench' });
  await f.apply('bench: back to the seed');
  return `\nAn apply of 1,000 services x 10 real servers at ${advert} s adverts took ${took.toFixed(1)} s; director1 (active) left MASTER or director2 became MASTER meanwhile: ${after - before} time(s).`;
}

// One after the other: each measures on an otherwise idle machine.
async function main() {
  const one = process.argv.indexOf('--scale-one');
  if (one > 0) {
    await benchScaleChild(process.argv[one + 1] as 'sqlite' | 'postgresql', Number(process.argv[one + 2]), process.argv[one + 3]);
    process.exit(0);
  }
  const fleetOne = process.argv.indexOf('--fleet-one');
  if (fleetOne > 0) {
    const [kind, clusters, services, file] = process.argv.slice(fleetOne + 1);
    await benchFleetChild(kind as 'sqlite' | 'postgresql', Number(clusters), Number(services), file);
    process.exit(0);
  }
  if (process.argv.includes('--fleet-only')) {
    await benchFleet();
    return;
  }
  if (process.argv.includes('--scale-only')) {
    await benchScale();
    return;
  }
  if (process.argv.includes('--apply-only')) {
    await benchApply();
    return;
  }
  if (process.argv.includes('--director-scale')) {
    await benchDirectorScale();
    return;
  }
  if (process.argv.includes('--metrics-only')) {
    await benchMetrics();
    return;
  }
  benchRender();
  if (!process.argv.includes('--no-metrics')) await benchMetrics();
  if (!process.argv.includes('--no-scale')) await benchScale();
  if (process.argv.includes('--failover-only')) {
    await benchFailover();
    return;
  }
  if (!process.argv.includes('--no-page')) {
    await benchOverviewPage().catch((err) => {
      console.error(`overview page benchmark failed: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 1;
    });
  }
  if (!process.argv.includes('--no-lab')) {
    await benchApply().catch((err) => {
      console.error(`apply benchmark failed: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 1;
    });
    await benchFailover().catch((err) => {
      console.error(`failover benchmark failed: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 1;
    });
  }
}

void main();
