// GET /api/v1/metrics: the System Overview's live figures in the Prometheus text exposition format
// (version 0.0.4), for the monitoring an admin already has. Pure: the overview in, text out.

/** What the exposition needs of the System Overview (lib/server/overview's Overview fits it). */
export interface MetricsOverview {
  source: string | null;
  directors: {
    name: string;
    role: string;
    reachable: boolean;
    vrrpState: string | null;
    holdsFloatingIps: boolean | null;
    revision: string;
    loadAverage: [number, number, number] | null;
  }[];
  virtualServices: {
    label: string;
    ip: string;
    state: string;
    activeConnections: number | null;
    inactiveConnections: number | null;
    realServers: {
      label: string;
      ip: string;
      health: string;
      adminState: 'online' | 'drain' | 'halt';
      liveWeight: number | null;
      activeConnections: number | null;
      inactiveConnections: number | null;
      persistentClients: number | null;
      connectionsTotal: number | null;
      inBytes: number | null;
      outBytes: number | null;
    }[];
  }[];
}

type Labels = Record<string, string>;

/** Label values: backslash, double quote and newline escaped, as the format requires. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

class Exposition {
  private readonly lines: string[] = [];
  metric(name: string, type: 'gauge' | 'counter', help: string, samples: [Labels, number | null][]) {
    const present = samples.filter((s): s is [Labels, number] => s[1] !== null && Number.isFinite(s[1]));
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of present) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      this.lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
    }
  }
  toString() {
    return this.lines.join('\n') + '\n';
  }
}

const STATE_VALUE = { online: 0, drain: 1, halt: 2 } as const;

/** One cluster's overview and its name (the `cluster` label of each of its series). */
export interface ClusterMetrics {
  cluster: string;
  overview: MetricsOverview;
}

/**
 * The exposition of one overview, or of several clusters' (each series then names its cluster; a metric's
 * HELP and TYPE come once, its samples of every cluster under them).
 */
export function renderPrometheus(input: MetricsOverview | ClusterMetrics[]): string {
  const x = new Exposition();
  const clusters = Array.isArray(input) ? input : [{ cluster: null, overview: input }];
  /** Every cluster's samples of one metric, each with the cluster's label (when named) first. */
  const each = (fn: (o: MetricsOverview, c: Labels) => [Labels, number | null][]) =>
    clusters.flatMap(({ cluster, overview }) => fn(overview, cluster === null ? {} : { cluster }));
  x.metric(
    'lvs_director_up',
    'gauge',
    'Whether the console could read the director at its last poll (1) or not (0).',
    each((o, c) => o.directors.map((d) => [{ ...c, director: d.name, role: d.role }, d.reachable ? 1 : 0])),
  );
  x.metric(
    'lvs_director_vrrp_master',
    'gauge',
    'Whether the director is VRRP MASTER and holds the floating IPs (1), or not (0).',
    each((o, c) =>
      o.directors.map((d) => [{ ...c, director: d.name }, d.reachable ? (d.vrrpState === 'MASTER' && d.holdsFloatingIps ? 1 : 0) : null]),
    ),
  );
  x.metric(
    'lvs_director_behind',
    'gauge',
    'Whether the director runs an older revision than the last applied one (1).',
    each((o, c) => o.directors.map((d) => [{ ...c, director: d.name }, d.revision === 'behind' ? 1 : 0])),
  );
  x.metric(
    'lvs_director_load1',
    'gauge',
    'The director’s 1-minute load average.',
    each((o, c) => o.directors.map((d) => [{ ...c, director: d.name }, d.loadAverage?.[0] ?? null])),
  );

  const svc = (o: MetricsOverview, c: Labels, s: MetricsOverview['virtualServices'][number]): Labels => ({
    ...c,
    service: s.label,
    address: s.ip,
    director: o.source ?? '',
  });
  x.metric(
    'lvs_service_up',
    'gauge',
    'Whether every serving real server of the service passes its health check (1), some do (0.5), none do (0); absent when unknown.',
    each((o, c) =>
      o.virtualServices.map((s) => [svc(o, c, s), s.state === 'up' ? 1 : s.state === 'degraded' ? 0.5 : s.state === 'down' ? 0 : null]),
    ),
  );
  x.metric(
    'lvs_service_active_connections',
    'gauge',
    'Active (established) connections of the service, on the active director.',
    each((o, c) => o.virtualServices.map((s) => [svc(o, c, s), s.activeConnections])),
  );
  x.metric(
    'lvs_service_inactive_connections',
    'gauge',
    'Inactive connections of the service, on the active director.',
    each((o, c) => o.virtualServices.map((s) => [svc(o, c, s), s.inactiveConnections])),
  );

  const rs = clusters.flatMap(({ cluster, overview: o }) =>
    o.virtualServices.flatMap((s) =>
      s.realServers.map((r) => ({
        r,
        labels: {
          ...(cluster === null ? {} : { cluster }),
          service: s.label,
          real_server: r.label,
          address: r.ip,
          director: o.source ?? '',
        },
      })),
    ),
  );
  x.metric(
    'lvs_real_server_up',
    'gauge',
    'Whether the real server passes its health check and is in the kernel table (1) or not (0); absent when unknown.',
    rs.map(({ r, labels }) => [labels, r.health === 'up' ? 1 : r.health === 'down' ? 0 : null]),
  );
  x.metric(
    'lvs_real_server_admin_state',
    'gauge',
    'The admin state: 0 online, 1 drain, 2 halt.',
    rs.map(({ r, labels }) => [labels, STATE_VALUE[r.adminState]]),
  );
  x.metric(
    'lvs_real_server_weight',
    'gauge',
    'The weight in the kernel (0 when drained); absent when not in the table.',
    rs.map(({ r, labels }) => [labels, r.liveWeight]),
  );
  x.metric(
    'lvs_real_server_active_connections',
    'gauge',
    'Active (established) connections to the real server.',
    rs.map(({ r, labels }) => [labels, r.activeConnections]),
  );
  x.metric(
    'lvs_real_server_inactive_connections',
    'gauge',
    'Inactive connections to the real server.',
    rs.map(({ r, labels }) => [labels, r.inactiveConnections]),
  );
  x.metric(
    'lvs_real_server_persistent_clients',
    'gauge',
    'Persistence templates (clients stuck to the real server).',
    rs.map(({ r, labels }) => [labels, r.persistentClients]),
  );
  x.metric(
    'lvs_real_server_connections_total',
    'counter',
    'Connections scheduled to the real server since the director loaded its table.',
    rs.map(({ r, labels }) => [labels, r.connectionsTotal]),
  );
  x.metric(
    'lvs_real_server_in_bytes_total',
    'counter',
    'Bytes from clients to the real server through the director.',
    rs.map(({ r, labels }) => [labels, r.inBytes]),
  );
  x.metric(
    'lvs_real_server_out_bytes_total',
    'counter',
    'Bytes from the real server to clients through the director (0 with Direct Routing: replies bypass it).',
    rs.map(({ r, labels }) => [labels, r.outBytes]),
  );
  return x.toString();
}
