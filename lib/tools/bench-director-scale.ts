// npm run bench -- --director-scale: the lab pair given a large configuration through the console's own
// path (a real console over HTTPS: restore, apply to both directors, System Overview, drain), at
// 100 and 1,000 services with distinct VIPs, 100 VIPs x 10 ports, and 10,000 services (each with 10
// real servers and no health check, so the table is static). For each: restore, the apply and
// `ipvsadm-restore` of the same table, one status read against `ipvsadm -Ln --stats --exact`, 60 s of
// overviews (is either director ever shown unreachable or slow?), a drain until weight 0 in both
// kernels, and an apply made to fail at verify (is the director reachable again within two polls?).
// Then the console's /api/health while a 10,000-service configuration renders (asked for one small file
// of it, so that the time is the render's, not that of sending 30 MB).
// LVS_BENCH_DIRECTOR_SCALE=100,1000,100x10,10000 picks the shapes; LVS_BENCH_APPLY_MINUTES the longest
// an apply may take (30).
import os from 'node:os';
import { performance } from 'node:perf_hooks';

type ApplyRun = {
  status: string;
  error: string | null;
  steps: { director: string | null; name: string; startedAt: string; finishedAt: string | null }[];
};
type Shape = { name: string; vips: number; ports: number };
const parseShape = (s: string): Shape => {
  const [vips, ports] = s.split('x').map(Number);
  return { name: ports ? `${vips} VIPs x ${ports} ports` : `${vips} VIPs`, vips, ports: ports || 1 };
};

/** A backup document: VIPS addresses x PORTS ports, 10 real servers each, the lab's directors. */
function document(shape: Shape, directors: Record<string, unknown>[]) {
  const services = [];
  for (let i = 0; i < shape.vips; i++) {
    const ip = `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    for (let p = 0; p < shape.ports; p++) {
      services.push({
        label: `VS_${String(i).padStart(5, '0')}_${p}`,
        ip,
        ports: String(shape.ports === 1 ? 443 : 8000 + p),
        healthCheck: { type: 'none' },
        realServers: Array.from({ length: 10 }, (_, j) => ({
          label: `RS_${i}_${p}_${j}`,
          ip: `172.${16 + j}.${(i >> 8) & 255}.${i & 255}`,
        })),
      });
    }
  }
  return { format: 'lvs-console/1', virtualServices: services, floatingIps: [], directors };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const s = (ms: number) => (ms / 1000).toFixed(1);

export async function benchDirectorScale() {
  const { Lab, authorizeKey } = await import('../lab/lab');
  const { readState } = await import('../lab/vm');
  const { startLabConsole } = await import('../lab/testing/console');
  const { waitFor } = await import('../lab/testing/wait');
  const { DirectorConnection } = await import('../director/transport');
  const { takeSnapshot } = await import('../director/snapshot');
  const { generateKeyPair } = await import('../director/ssh-key');
  const { DIRECTOR_PATHS } = await import('../render/model');

  const shapes = (process.env.LVS_BENCH_DIRECTOR_SCALE ?? '100,1000,100x10,10000').split(',').filter(Boolean).map(parseShape);
  const applyLimitMs = Number(process.env.LVS_BENCH_APPLY_MINUTES ?? 30) * 60_000;
  const startedHere = !readState();
  const lab = await Lab.start({ mode: 'dr' });
  const c = await startLabConsole();
  // The console's API with the signed-in session, with no client-side time limit (a large restore takes long).
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await c.page.request.fetch(`${c.server.baseURL}/api/v1/${url}`, {
      method,
      data: body,
      headers: { Origin: c.server.baseURL },
      timeout: 0,
    });
    const text = await res.text();
    if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  };
  const rows: string[][] = [];
  const notes: string[] = [];
  const benchKey = generateKeyPair('lvs-bench');
  authorizeKey(benchKey.public);
  authorizeKey((await api('GET', 'ssh-key')).publicKey);
  const example = JSON.parse(c.server.cli('example', 'dr').stdout);
  const directors = example.directors.map((d: { name: string }) => {
    const a = lab.directors().find((x) => x.name === d.name)!;
    return { ...d, host: a.host, port: a.port, hostKeyFingerprint: a.hostKeyFingerprint };
  });
  const timed = async <T>(fn: () => Promise<T>) => {
    const t0 = performance.now();
    const value = await fn();
    return { value, ms: performance.now() - t0 };
  };
  const applyAndWait = async (comment: string): Promise<ApplyRun> => {
    const { id } = await api('POST', 'apply', { comment });
    const done = async () => {
      const run = (await api('GET', `apply/${id}`)) as ApplyRun;
      return run.status !== 'running' && run;
    };
    return (await waitFor(`apply ${comment}`, done, applyLimitMs, 1_000)).value;
  };
  /** The slowest steps of a run, e.g. "director2 verify 12.1 s". */
  const slowestSteps = (run: ApplyRun) =>
    run.steps
      .filter((x) => x.finishedAt)
      .map((x) => ({ name: `${x.director ?? 'pair'} ${x.name}`, ms: Date.parse(x.finishedAt!) - Date.parse(x.startedAt) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 6)
      .map((x) => `${x.name} ${s(x.ms)} s`)
      .join(', ');
  const connect = (name: 'director1' | 'director2') => {
    const a = lab.directors().find((x) => x.name === name)!;
    return DirectorConnection.connect(
      { name: a.name, host: a.host, port: a.port, user: 'root', hostKeyFingerprint: a.hostKeyFingerprint },
      benchKey.private,
    );
  };
  const overviewDirectors = async () =>
    (await api('GET', 'overview?page=1')).directors as {
      name: string;
      reachable: boolean;
      slowSeconds: number | null;
      readSeconds: number | null;
      takenAt: string | null;
    }[];

  let conns: Record<'director1' | 'director2', Awaited<ReturnType<typeof connect>>> | null = null;
  try {
    for (const shape of shapes) {
      const n = shape.vips * shape.ports;
      const row = [shape.name, String(n), String(n * 10)];
      rows.push(row);
      const put = (v: string) => row.push(v);
      try {
        await lab.reset('dr'); // new namespaces: their SSH servers are new too
        const both = { director1: await connect('director1'), director2: await connect('director2') };
        conns = both;
        const conn = both.director2;
        const doc = document(shape, directors);
        put(s((await timed(() => api('POST', 'config', doc))).ms));
        const apply = await timed(() => applyAndWait(`${shape.name}`));
        if (apply.value.status !== 'succeeded') throw new Error(`the apply ${apply.value.status}: ${apply.value.error}`);
        put(s(apply.ms));

        notes.push(`${shape.name}: slowest apply steps: ${slowestSteps(apply.value)}`);

        // ipvsadm-restore of the same table on each director (keepalived stopped), as the pair's apply does
        // both, one after the other; then keepalived back.
        await conn.exec('ipvsadm-save -n > /tmp/bench.rules', { timeoutMs: 600_000 });
        const rules = Number((await conn.exec('wc -l < /tmp/bench.rules')).stdout.trim());
        let restoreMs = 0;
        for (const d of ['director2', 'director1'] as const) {
          await both[d].exec('systemctl stop keepalived; ipvsadm -C', { timeoutMs: 600_000 });
          if (d === 'director1')
            await both[d].upload('/tmp/bench.rules', (await conn.exec('cat /tmp/bench.rules', { timeoutMs: 600_000 })).stdout);
          restoreMs += (await timed(() => both[d].exec('ipvsadm-restore < /tmp/bench.rules', { timeoutMs: 600_000 }))).ms;
        }
        put(s(restoreMs));
        put((apply.ms / restoreMs).toFixed(1));
        for (const d of ['director1', 'director2'] as const) {
          await both[d].exec('ipvsadm -C; systemctl start keepalived', { timeoutMs: 600_000 });
          await waitFor(
            `${d}'s table back`,
            async () => Number((await both[d].exec('ipvsadm -Sn | wc -l', { timeoutMs: 600_000 })).stdout.trim()) >= rules,
            600_000,
            2_000,
          );
        }

        // One status read against `ipvsadm -Ln --stats --exact`, same connection, taken in turns (the console's
        // own poller reads the same director meanwhile), median of 5 each.
        const snaps: number[] = [];
        const statsRuns: number[] = [];
        for (let i = 0; i < 5; i++) {
          snaps.push((await timed(() => takeSnapshot(conn, { timeoutMs: 600_000, persistent: false }))).ms);
          statsRuns.push((await timed(() => conn.exec('ipvsadm -Ln --stats --exact', { timeoutMs: 600_000 }))).ms);
        }
        const snap = quantile(snaps, 0.5);
        const stats = quantile(statsRuns, 0.5);
        put(s(snap));
        put(s(stats));
        put((snap / stats).toFixed(2));

        // 60 s of the System Overview: how often is a director shown unreachable or slow?
        let polls = 0;
        let unreachable = 0;
        let slow = 0;
        let readMax = 0;
        const until = Date.now() + 60_000;
        while (Date.now() < until) {
          for (const d of await overviewDirectors()) {
            polls++;
            if (!d.reachable) unreachable++;
            if (d.slowSeconds) slow++;
            readMax = Math.max(readMax, d.readSeconds ?? 0);
          }
          await new Promise((r) => setTimeout(r, 2_000));
        }
        put(`${unreachable} / ${slow} of ${polls}`);
        put(readMax.toFixed(1));

        // Drain one real server until both kernels show weight 0.
        const [vs] = await api('GET', `virtual-services?q=${encodeURIComponent(`VS_00000_0`)}&limit=1`);
        const rs = (await api('GET', `virtual-services/${vs.id}/real-servers`)).find((r: { label: string }) => r.label === 'RS_0_0_3');
        const entry = `-a -t ${vs.ip}:${shape.ports === 1 ? 443 : 8000} -r ${rs.ip}:`;
        let reached = '';
        const drain = await timed(async () => {
          const res = await api('PUT', `virtual-services/${vs.id}/real-servers/${rs.id}/state`, { state: 'drain' });
          reached = `${res.scope === 'address' ? 'address' : 'service'} scope, ${res.realServers.length} service(s)`;
          for (const d of ['director1', 'director2'] as const) {
            await waitFor(
              `weight 0 on ${d}`,
              async () => {
                const out = await lab.mustRun(d, `ipvsadm -Sn | grep -F -- '${entry}'`, 120_000);
                return out.split('\n').some((l) => / -w 0$/.test(l.trim()));
              },
              120_000,
              500,
            );
          }
        });
        put(`${s(drain.ms)} (${reached})`);
        await api('PUT', `virtual-services/${vs.id}/real-servers/${rs.id}/state`, { state: 'online' });

        // An apply that fails at verify on director2 (its ipvsadm -Sn made to hide one virtual service), then:
        // how long until the overview shows director2 reachable with data read after the failure (the
        // poller reads every 2 s while someone looks)?
        const hidden = `-A -t ${vs.ip}:${shape.ports === 1 ? 443 : 8000} `;
        await lab.mustRun(
          'director2',
          `printf '%s\\n' '#!/bin/sh' 'if [ "$1" = -Sn ]; then /usr/sbin/ipvsadm -Sn | grep -vF -- "${hidden}"; else exec /usr/sbin/ipvsadm "$@"; fi' > /usr/local/sbin/ipvsadm && chmod 755 /usr/local/sbin/ipvsadm`,
        );
        await api('PATCH', `virtual-services/${vs.id}`, { version: vs.version, persistence: { enabled: true, timeout: 301 } });
        const failed = await applyAndWait(`${shape.name}, fails at verify`);
        await lab.mustRun('director2', 'rm -f /usr/local/sbin/ipvsadm');
        const failedAt = Date.now();
        // Polls are counted by the data they bring (each good read has a new takenAt); "shown unreachable" by
        // what the overview said meanwhile.
        let untilReachable = 'never (60 s)';
        const fresh = new Set<string>();
        let shownUnreachable = 0;
        while (Date.now() - failedAt < 60_000) {
          const d2 = (await overviewDirectors()).find((d) => d.name === 'director2')!;
          if (!d2.reachable) shownUnreachable++;
          if (d2.takenAt && Date.parse(d2.takenAt) > failedAt) fresh.add(d2.takenAt);
          if (d2.reachable && fresh.size) {
            const secs = (Date.now() - failedAt) / 1000;
            untilReachable = `poll ${fresh.size} (${secs.toFixed(1)} s)${shownUnreachable ? `, shown unreachable ${shownUnreachable} times before` : ''}`;
            break;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
        put(`${failed.status}; ${untilReachable}`);
        console.log(`[bench] ${row.join(' | ')}`);
      } catch (err) {
        notes.push(`${shape.name}: stopped after ${row.length - 3} figures: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        conns?.director1.close();
        conns?.director2.close();
      }
    }

    // The console's /api/health, one request after the other, while a 10,000-service configuration renders.
    const doc = document(
      { name: '10000', vips: 10_000, ports: 1 },
      directors.map((d: object) => ({ ...d, hostKeyFingerprint: undefined })),
    );
    await api('POST', 'config', doc);
    const health: number[] = [];
    let rendering = true;
    const render = timed(() =>
      c.page.request.get(`${c.server.baseURL}/api/v1/render/file?director=director1&path=${encodeURIComponent(DIRECTOR_PATHS.sysctl)}`, {
        timeout: 0,
      }),
    ).finally(() => (rendering = false));
    while (rendering) {
      const t = await timed(() => c.page.request.get(`${c.server.baseURL}/api/health`));
      health.push(t.ms);
    }
    const renderMs = (await render).ms;
    notes.push(
      `/api/health during a 10,000-service render (${s(renderMs)} s, ${health.length} requests): p50 ${quantile(health, 0.5).toFixed(0)} ms, p99 ${quantile(health, 0.99).toFixed(0)} ms, max ${Math.max(...health).toFixed(0)} ms`,
    );
  } finally {
    await c.stop();
    if (startedHere) await Lab.stop();
  }
  console.log(
    `\nDirectors at scale: the lab pair through the console's API (QEMU/TCG on ${os.cpus().length} host cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; 10 real servers per service, no health checks)`,
  );
  console.log(
    '| shape | services | real servers | restore (s) | apply, pair (s) | ipvsadm-restore, both directors (s) | apply / restore | status read (s) | ipvsadm -Ln --stats --exact (s) | read / stats | 60 s of overviews: unreachable / slow | longest read shown (s) | drain to weight 0, both kernels (s) | apply failing at verify; until shown reachable |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  for (const n of notes) console.log(`- ${n}`);
}
