// npm run bench: measured performance, printed as tables (never asserted in tests).
import { performance } from 'node:perf_hooks';
import { renderConfiguration } from '../render';
import { renderKeepalivedConf } from '../render/keepalived';
import type { RenderInput, RenderService } from '../render/model';

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
      healthCheck: { type: 'negotiate', port: 443, protocol: 'https', request: '/app/system/ping', response: 'OK', virtualHost: null, command: null },
      fallback: null,
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
  console.log('| services | real servers | keepalived.conf, one director (ms) | all artefacts, HA pair (ms) | µs per service | output (MB) |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

benchRender();
