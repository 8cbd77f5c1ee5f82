// A cluster (a site's director pair and what runs on it) and its one-row summary, as the Fleet page and
// GET /api/v1/clusters give it. Pure: the roll-up is worked out from the overview, the pending state, the
// last apply and the alerts, which lib/server reads.
import { z } from 'zod';
import { labelSchema, versionSchema } from './common';
import type { Overview, ServiceState } from './overview';
import { HOST_KEY_NOT_CONFIRMED } from './director';

const text = (what: string, max: number) =>
  z
    .string({ error: `Give the ${what} as text.` })
    .trim()
    .max(max, { error: `Use at most ${max} characters for the ${what}.` });

/** PATCH /api/v1/clusters/{id}: what an admin may change (the version from the last GET). */
export const clusterPatchSchema = z
  .object({
    version: versionSchema,
    name: labelSchema.optional(),
    site: text('site', 100).optional(),
    description: text('description', 500).optional(),
  })
  .strict();

export interface ClusterRollup {
  /** Virtual services by state (as the System Overview counts them). */
  services: Record<ServiceState, number>;
  realServers: { total: number; down: number; drained: number; halted: number };
  directors: number;
  /** The director holding the floating IPs (the only one, for a single director); null: none or unknown. */
  activeDirector: string | null;
  noStandby: string | null;
  splitBrain: string | null;
  /** Directors that missed an apply and do not run the last revision yet. */
  behind: string[];
  unreachable: string[];
  /** Directors whose host key is not confirmed yet: the console does not contact them. */
  unconfirmed: string[];
  /** The configuration differs from what was last applied. */
  pendingChanges: boolean;
  lastApply: { status: string; at: string; actor: string } | null;
  /** Alerts raised in the last 24 hours, and those not delivered yet (or given up). */
  alerts: { lastDay: number; undelivered: number };
}

export interface ClusterDto {
  id: string;
  name: string;
  site: string;
  description: string;
  version: number;
  rollup: ClusterRollup;
}

/** The roll-up of one cluster from what the console already knows about it (no director is contacted). */
export function clusterRollup(args: {
  overview: Overview;
  pending: { pending: boolean; behind: { name: string }[] };
  lastApply: { status: string; at: Date; actor: string } | null;
  alerts: { lastDay: number; undelivered: number };
}): ClusterRollup {
  const { overview } = args;
  const services: Record<ServiceState, number> = { up: 0, degraded: 0, down: 0, 'no-real-servers': 0, unknown: 0 };
  const realServers = { total: 0, down: 0, drained: 0, halted: 0 };
  for (const s of overview.virtualServices) {
    services[s.state]++;
    for (const r of s.realServers) {
      realServers.total++;
      if (r.health === 'down') realServers.down++;
      if (r.adminState === 'drain') realServers.drained++;
      if (r.adminState === 'halt') realServers.halted++;
    }
  }
  const masters = overview.directors.filter((d) => d.vrrpState === 'MASTER' || (overview.directors.length === 1 && d.holdsFloatingIps));
  return {
    services,
    realServers,
    directors: overview.directors.length,
    activeDirector: masters.length === 1 ? masters[0].name : null,
    noStandby: overview.noStandby,
    splitBrain: overview.splitBrain,
    behind: args.pending.behind.map((b) => b.name),
    unreachable: overview.directors.filter((d) => !d.reachable && d.error !== HOST_KEY_NOT_CONFIRMED).map((d) => d.name),
    unconfirmed: overview.directors.filter((d) => d.error === HOST_KEY_NOT_CONFIRMED).map((d) => d.name),
    pendingChanges: args.pending.pending,
    lastApply: args.lastApply ? { ...args.lastApply, at: args.lastApply.at.toISOString() } : null,
    alerts: args.alerts,
  };
}
