// The Prometheus exposition: well-formed (every sample after its HELP and TYPE, labels escaped), with
// the services and real servers labelled by their labels and the director the numbers come from.
import { describe, expect, it } from 'vitest';
import { escapeLabel, renderPrometheus, type MetricsOverview } from './prometheus';

const rs = (label: string, ip: string, over: Partial<MetricsOverview['virtualServices'][number]['realServers'][number]> = {}) => ({
  label,
  ip,
  health: 'up',
  adminState: 'online' as const,
  liveWeight: 100,
  activeConnections: 3,
  inactiveConnections: 1,
  persistentClients: 2,
  connectionsTotal: 40,
  inBytes: 5000,
  outBytes: 0,
  ...over,
});
const OVERVIEW: MetricsOverview = {
  source: 'director1',
  directors: [
    {
      name: 'director1',
      role: 'primary',
      reachable: true,
      vrrpState: 'MASTER',
      holdsFloatingIps: true,
      revision: 'in-sync',
      loadAverage: [0.5, 0.4, 0.3],
    },
    {
      name: 'director2',
      role: 'secondary',
      reachable: false,
      vrrpState: null,
      holdsFloatingIps: null,
      revision: 'behind',
      loadAverage: null,
    },
  ],
  virtualServices: [
    {
      label: 'GW_VIP_L4',
      ip: '192.168.98.238',
      state: 'degraded',
      activeConnections: 3,
      inactiveConnections: 1,
      realServers: [
        rs('GW01', '192.168.98.231'),
        rs('GW02', '192.168.98.232', {
          health: 'down',
          adminState: 'drain',
          liveWeight: null,
          activeConnections: 0,
          connectionsTotal: null,
        }),
      ],
    },
    { label: 'ODD"NAME\\', ip: '10.0.0.1', state: 'unknown', activeConnections: 0, inactiveConnections: null, realServers: [] },
  ],
};

/** A small reader of the text format: metric families with their type and samples. */
function parse(text: string) {
  const families = new Map<string, { type: string; samples: { labels: Record<string, string>; value: number }[] }>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line);
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter)$/.exec(line);
    if (help) continue;
    if (type) {
      current = type[1];
      families.set(current, { type: type[2], samples: [] });
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    if (m[1] !== current) throw new Error(`${m[1]} has no TYPE line before it`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    families.get(current)!.samples.push({ labels, value: Number(m[3]) });
  }
  return families;
}

describe('renderPrometheus', () => {
  const f = parse(renderPrometheus(OVERVIEW));
  it('labels real servers by service, real-server label and the director the figures come from', () => {
    expect(f.get('lvs_real_server_active_connections')!.samples).toEqual([
      { labels: { service: 'GW_VIP_L4', real_server: 'GW01', address: '192.168.98.231', director: 'director1' }, value: 3 },
      { labels: { service: 'GW_VIP_L4', real_server: 'GW02', address: '192.168.98.232', director: 'director1' }, value: 0 },
    ]);
    expect(f.get('lvs_real_server_connections_total')).toMatchObject({
      type: 'counter',
      samples: [{ labels: { real_server: 'GW01' }, value: 40 }],
    });
    expect(f.get('lvs_real_server_admin_state')!.samples.map((s) => s.value)).toEqual([0, 1]);
  });
  it('leaves out what is unknown instead of reporting 0', () => {
    expect(f.get('lvs_real_server_weight')!.samples.map((s) => s.labels.real_server)).toEqual(['GW01']);
    expect(f.get('lvs_service_up')!.samples).toEqual([
      { labels: { service: 'GW_VIP_L4', address: '192.168.98.238', director: 'director1' }, value: 0.5 },
    ]);
    expect(f.get('lvs_director_load1')!.samples.map((s) => s.labels.director)).toEqual(['director1']);
    expect(f.get('lvs_director_up')!.samples.map((s) => `${s.labels.director}=${s.value}`)).toEqual(['director1=1', 'director2=0']);
  });
  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(f.get('lvs_service_active_connections')!.samples.map((s) => s.labels.service)).toEqual(['GW_VIP_L4', 'ODD"NAME\\']);
  });
  it("names each series' cluster when given several: each family once, every cluster's samples under it", () => {
    const text = renderPrometheus([
      { cluster: 'default', overview: OVERVIEW },
      { cluster: 'YORK', overview: OVERVIEW },
    ]);
    const two = parse(text);
    expect(two.get('lvs_director_up')!.samples.map((s) => `${s.labels.cluster}/${s.labels.director}=${s.value}`)).toEqual([
      'default/director1=1',
      'default/director2=0',
      'YORK/director1=1',
      'YORK/director2=0',
    ]);
    expect(two.get('lvs_real_server_active_connections')!.samples[2]).toEqual({
      labels: { cluster: 'YORK', service: 'GW_VIP_L4', real_server: 'GW01', address: '192.168.98.231', director: 'director1' },
      value: 3,
    });
    expect(text.match(/^# TYPE lvs_real_server_up /gm)).toHaveLength(1);
  });
});
