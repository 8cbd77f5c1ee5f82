// A cluster (a site's director pair and what runs on it) and its one-row summary, as the Fleet page and
// GET /api/v1/clusters give it. Pure: the roll-up is worked out from the overview, the pending state, the
// last apply and the alerts, which lib/server reads.
import { z } from 'zod';
import { labelSchema, versionSchema } from './common';
import type { Overview, ServiceState } from './overview';
import { HOST_KEY_NOT_CONFIRMED } from './director';
import { ROLES, roleSchema, type Role } from './roles';

/** The cluster the migration made: everything that existed before clusters, and the one a single-cluster console uses. */
export const DEFAULT_CLUSTER_ID = 'default';

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

/** POST /api/v1/clusters: a new, empty cluster. */
export const clusterCreateSchema = z
  .object({
    name: labelSchema,
    site: text('site', 100).default(''),
    description: text('description', 500).default(''),
    /** Another cluster (id or name) whose services and floating IPs the new one starts with (not its directors). */
    cloneFrom: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

/**
 * Roles in chosen clusters only, as the CLI takes them: "east=operator,west=read-only" (cluster names or
 * ids). A key or user with grants has no role anywhere else.
 */
export const clusterGrantsSchema = z
  .string()
  .trim()
  .min(1, { error: 'Name at least one cluster and its role: NAME=ROLE[,NAME=ROLE...].' })
  .transform((text, ctx) => {
    const out: { cluster: string; role: Role }[] = [];
    for (const part of text.split(',')) {
      const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
      const role = m ? roleSchema.safeParse(m[2]) : null;
      if (!m || !role?.success) {
        ctx.addIssue({ code: 'custom', message: `"${part.trim()}" is not CLUSTER=ROLE with a role of ${ROLES.join(', ')}.` });
        return z.NEVER;
      }
      out.push({ cluster: m[1], role: role.data });
    }
    return out;
  });

export interface ClusterRollup {
  /** Virtual services by state (as the System Overview counts them). */
  services: Record<ServiceState, number>;
  realServers: { total: number; down: number; drained: number; halted: number };
  directors: number;
  /** Each director's VRRP state as last polled (null: not read, or keepalived not running). */
  vrrp: { name: string; state: string | null }[];
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
    vrrp: overview.directors.map((d) => ({ name: d.name, state: d.vrrpState })),
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

/**
 * A create request's body with its `clusterId` taken out (the resource schemas are shared with forms,
 * CLI and importers, which have no cluster field): the cluster is resolved and access-checked apart.
 */
export function splitClusterField(body: unknown): { clusterId: string | undefined; input: unknown } {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('clusterId' in body)) return { clusterId: undefined, input: body };
  const { clusterId, ...input } = body as Record<string, unknown>;
  return { clusterId: typeof clusterId === 'string' && clusterId ? clusterId : undefined, input };
}

/** The page's cluster, as the proxy passes ?cluster= on to the console's layout (which sees no query). */
export const CLUSTER_HEADER = 'x-lvs-cluster';

/**
 * A page's address inside a cluster: `default`'s pages keep today's addresses (null); any other cluster's
 * carry ?cluster=NAME, so that links and bookmarks stay in it.
 */
export function clusterHref(href: string, cluster: string | null | undefined): string {
  if (!cluster) return href;
  const at = href.indexOf('#');
  const [path, hash] = at < 0 ? [href, ''] : [href.slice(0, at), href.slice(at)];
  return `${path}${path.includes('?') ? '&' : '?'}cluster=${encodeURIComponent(cluster)}${hash}`;
}

/** ?cluster= for an object's own cluster, by id (no lookup of its name): null for `default`. */
export const clusterParamOf = (clusterId: string): string | null => (clusterId === DEFAULT_CLUSTER_ID ? null : clusterId);

/** A backup of every cluster in one file (GET /api/v1/clusters/backup, `cli export --all`). */
export const FLEET_BACKUP_FORMAT = 'lvs-console-fleet/1';

/** The fleet backup as POST /api/v1/clusters/backup takes it: each cluster's own backup document, by name. */
export const fleetBackupSchema = z
  .object({
    format: z.literal(FLEET_BACKUP_FORMAT, { error: `This is not a backup of every cluster (format ${FLEET_BACKUP_FORMAT}).` }),
    clusters: z
      .array(
        z.object({
          /** `default` for the cluster every console has (whatever its name); else absent. */
          id: z.string().max(64).optional(),
          name: labelSchema,
          site: text('site', 100).default(''),
          description: text('description', 500).default(''),
          /** The cluster's backup, as GET /api/v1/config?cluster= gives it (checked when restored). */
          configuration: z.unknown(),
        }),
      )
      .min(1, { error: 'The file names no cluster.' })
      .max(1000),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.clusters.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'name'], message: `${c.name} is in the file twice.` });
      seen.add(c.name);
    });
  });
export type FleetBackup = z.infer<typeof fleetBackupSchema>;
