// What Graphs and Reports speak of: the metrics recorded per kind of target, the resolutions and ranges,
// and the shapes the API and the pages exchange (series, dashboard, availability, failovers). Pure.

/** How long each resolution is kept. */
export const RETENTION_S = { 10: 24 * 3600, 60: 30 * 24 * 3600, 3600: 365 * 24 * 3600 } as const;

export type Step = keyof typeof RETENTION_S;

export const STEPS: Step[] = [10, 60, 3600];

/** Every metric the collector records, per kind of target. */
export const TARGET_METRICS = {
  service: ['activeConnections', 'inactiveConnections', 'newConnections', 'inBytes', 'outBytes', 'inPackets', 'outPackets'],
  realServer: ['activeConnections', 'inactiveConnections', 'newConnections', 'inBytes', 'outBytes', 'inPackets', 'outPackets'],
  director: ['load1'],
  interface: ['rxBytes', 'txBytes'],
} as const;

export type TargetKind = keyof typeof TARGET_METRICS;

export const METRICS = [
  'activeConnections',
  'inactiveConnections',
  'newConnections',
  'inBytes',
  'outBytes',
  'inPackets',
  'outPackets',
  'load1',
  'rxBytes',
  'txBytes',
] as const;

export type Metric = (typeof METRICS)[number];

/** What a metric's values are, for axes, tables and CSV headers. */
export const METRIC_UNITS: Record<Metric, { label: string; unit: string }> = {
  activeConnections: { label: 'Active connections', unit: 'connections' },
  inactiveConnections: { label: 'Inactive connections', unit: 'connections' },
  newConnections: { label: 'New connections', unit: 'per second' },
  inBytes: { label: 'Traffic in', unit: 'bytes/s' },
  outBytes: { label: 'Traffic out', unit: 'bytes/s' },
  inPackets: { label: 'Packets in', unit: 'packets/s' },
  outPackets: { label: 'Packets out', unit: 'packets/s' },
  load1: { label: 'Load average (1 min)', unit: '' },
  rxBytes: { label: 'Received', unit: 'bytes/s' },
  txBytes: { label: 'Sent', unit: 'bytes/s' },
};

/** [t (seconds), min, avg, max]; null values are gaps. */
export type Point = [number, number | null, number | null, number | null];

/** The ranges of the dashboard's switch. */
export const RANGES = { '1h': 3600, '24h': 24 * 3600, '7d': 7 * 24 * 3600, '30d': 30 * 24 * 3600 } as const;

export type RangeName = keyof typeof RANGES;

/**
 * The range a graph opens on: the shortest that holds everything recorded since `since` (seconds),
 * so that a new console does not draw a thin line at the right edge of a day; the last hour when
 * nothing is recorded yet, the longest range past it.
 */
export function rangeCovering(since: number | null, now: number): RangeName {
  if (since === null) return '1h';
  const names = Object.keys(RANGES) as RangeName[];
  return names.find((r) => now - RANGES[r] <= since) ?? names[names.length - 1];
}

export type HealthState = 'up' | 'down' | 'unknown' | 'maintenance';

export interface Outage {
  from: number;
  to: number;
  /** Still down at the end of the range. */
  ongoing: boolean;
}

export interface Availability {
  /** Seconds up and down in the range, as far as the console saw (unknown and maintenance time are not counted). */
  upS: number;
  downS: number;
  unknownS: number;
  maintenanceS: number;
  /** up / (up + down) in percent; null when the console saw neither. */
  uptimePercent: number | null;
  outages: Outage[];
  longestOutageS: number;
}

export interface Series {
  target: string;
  metric: Metric;
  /** What is drawn, for legends and tables: "GW_VIP_L4 - Active connections". */
  title: string;
  unit: string;
  step: Step;
  from: number;
  to: number;
  points: Point[];
}

export interface DashboardGraphs {
  range: RangeName;
  from: number;
  to: number;
  step: Step;
  /** One chart per director: RX and TX of each interface. */
  bandwidth: { director: string; series: Series[] }[];
  /** One chart: each director's load average. */
  load: Series[];
  /** One chart: active connections of the busiest services in the range (at most 5). */
  connections: Series[];
}

export interface AvailabilityRow extends Availability {
  realServerId: string;
  service: string;
  serviceId: string;
  realServer: string;
  address: string;
}

export interface VrrpChange {
  t: number;
  director: string;
  state: string;
  detail: string | null;
}

export interface ReportTargets {
  services: { id: string; label: string }[];
  /** The service the page is about (the one asked for, the real server's, else the first). */
  service: string | null;
  /** Its real servers, to pick one. */
  realServers: { id: string; label: string }[];
  /** The real server asked for, if it belongs to that service. */
  realServer: string | null;
}
