// The example alerting rules (public/prometheus/lvs-console-rules.yml) for GET /api/v1/metrics: each rule
// is complete, every series it names is one the console exposes (with the labels it groups on), and,
// `promtool check rules` accepts the file (npm test unpacks promtool from Debian's prometheus package).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderPrometheus, type MetricsOverview } from './prometheus';

const FILE = path.resolve(__dirname, '..', '..', 'public', 'prometheus', 'lvs-console-rules.yml');

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string };
  annotations: { summary: string };
}

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
      loadAverage: [0.1, 0.1, 0.1],
    },
  ],
  virtualServices: [
    {
      label: 'GW_VIP_L4',
      ip: '192.168.98.238',
      state: 'up',
      activeConnections: 1,
      inactiveConnections: 0,
      realServers: [
        {
          label: 'GW01',
          ip: '192.168.98.231',
          health: 'up',
          adminState: 'online',
          liveWeight: 100,
          activeConnections: 1,
          inactiveConnections: 0,
          persistentClients: 0,
          connectionsTotal: 1,
          inBytes: 1,
          outBytes: 0,
        },
      ],
    },
  ],
};

describe('the example Prometheus alerting rules', () => {
  const rules = (parse(fs.readFileSync(FILE, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  const exposition = renderPrometheus(OVERVIEW);
  const families = new Set([...exposition.matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]));

  it('name a real server down, a service down, no standby and a director behind, each complete', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['LvsRealServerDown', 'LvsServiceDown', 'LvsNoStandby', 'LvsDirectorBehind']),
    );
    for (const r of rules) {
      expect(r.expr, r.alert).toBeTruthy();
      expect(r.for, r.alert).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical'], r.alert).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
    }
  });

  it('use only series the console exposes, and labels those series carry', () => {
    for (const r of rules) {
      for (const name of r.expr.match(/\blvs_\w+/g) ?? []) expect(families, `${r.alert}: ${name}`).toContain(name);
      for (const [, list] of r.expr.matchAll(/on \(([^)]*)\)/g))
        for (const label of list.split(',').map((l) => l.trim()))
          expect(exposition, `${r.alert}: label ${label}`).toMatch(new RegExp(`[{,]${label}="`));
      for (const [, label] of `${r.annotations.summary}`.matchAll(/\$labels\.(\w+)/g))
        expect(exposition, `${r.alert}: label ${label}`).toMatch(new RegExp(`[{,]${label}="`));
    }
  });

  // npm test unpacks promtool from Debian's prometheus package (LVS_PROMTOOL); else one on the PATH.
  const promtool = process.env.LVS_PROMTOOL || 'promtool';
  const hasPromtool = spawnSync(promtool, ['--version']).status === 0;
  it.skipIf(!hasPromtool)('pass promtool check rules', () => {
    expect(execFileSync(promtool, ['check', 'rules', FILE], { encoding: 'utf8' })).toMatch(/SUCCESS: \d+ rules found/);
  });
});
