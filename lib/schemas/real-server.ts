import { z } from 'zod';
import { emptyToNull, ipSchema, labelSchema, portSchema, versionSchema } from './common';
import { ipFamily, parsePorts } from './net';
import { isSinglePort, type VirtualServiceSpec } from './virtual-service';

export const ADMIN_STATES = ['online', 'drain', 'halt'] as const;
export const ADMIN_STATE_LABELS: Record<(typeof ADMIN_STATES)[number], string> = { online: 'Online', drain: 'Drain', halt: 'Halt' };

const connections = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label} (0 = unlimited).` })
    .int('Enter a whole number.')
    .min(0, 'Use 0 to 65535 (0 = unlimited).')
    .max(65535, 'Use 0 to 65535 (0 = unlimited).')
    .default(0);

const fieldsSchema = z.object({
  label: labelSchema,
  ip: ipSchema,
  port: z.preprocess(emptyToNull, portSchema.nullable()).default(null),
  weight: z.coerce
    .number({ error: 'Enter a weight.' })
    .int('Enter a whole number.')
    .min(0, 'Use a weight from 0 to 65535.')
    .max(65535, 'Use a weight from 0 to 65535.')
    .default(100),
  minConnections: connections('the minimum connections'),
  maxConnections: connections('the maximum connections'),
  adminState: z.enum(ADMIN_STATES, { error: 'Choose online, drain or halt.' }).default('online'),
});

export const realServerSchema = fieldsSchema.strict().superRefine((v, ctx) => {
  if (v.maxConnections > 0 && v.minConnections > v.maxConnections) {
    ctx.addIssue({
      code: 'custom',
      path: ['minConnections'],
      message: `Minimum Connections (${v.minConnections}) must not exceed Maximum Connections (${v.maxConnections}).`,
    });
  }
});

export type RealServerInput = z.input<typeof realServerSchema>;
export type RealServerSpec = z.output<typeof realServerSchema>;

export const realServerPatchSchema = fieldsSchema.partial().extend({ version: versionSchema }).strict();
export type RealServerPatch = z.infer<typeof realServerPatchSchema>;

export interface FieldIssue {
  field: string;
  message: string;
}

/** Rules that need the service the real server belongs to (and its siblings). */
export function realServerIssues(
  rs: RealServerSpec,
  service: VirtualServiceSpec,
  siblings: Pick<RealServerSpec, 'label' | 'ip' | 'port'>[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (ipFamily(rs.ip) !== ipFamily(service.ip)) {
    issues.push({
      field: 'ip',
      message: `The real server must be IPv${ipFamily(service.ip)} like its service ${service.label} (${service.ip}).`,
    });
  }
  if (rs.ip === service.ip) issues.push({ field: 'ip', message: 'A real server cannot have the service’s own address (the VIP).' });
  const ports = parsePorts(service.ports);
  if (rs.port !== null && ports.ok) {
    const single = isSinglePort(ports.ranges, service.protocol);
    if (!single) {
      issues.push({
        field: 'port',
        message: `Leave the port empty: ${service.label} has several ports, and each connection keeps the port it arrived on.`,
      });
    } else if (service.forwarding === 'dr' && rs.port !== ports.ranges[0].from) {
      issues.push({
        field: 'port',
        message: `Direct Routing cannot translate ports: leave the port empty or use ${ports.ranges[0].from}. Port translation needs NAT or Layer 4 SNAT.`,
      });
    }
  }
  if (siblings.some((s) => s.label === rs.label))
    issues.push({ field: 'label', message: `${service.label} already has a real server labelled ${rs.label}; choose another label.` });
  if (siblings.some((s) => s.ip === rs.ip && (s.port ?? null) === (rs.port ?? null))) {
    issues.push({ field: 'ip', message: `${service.label} already has a real server at ${rs.ip}${rs.port ? `:${rs.port}` : ''}.` });
  }
  return issues;
}

/**
 * Rules over all real servers of a service. keepalived treats a pool whose every real server has
 * weight 0 as below quorum (and warns); for the admin it means no new connection is accepted at all.
 */
export function realServerPoolIssue(
  service: Pick<VirtualServiceSpec, 'label'>,
  pool: Pick<RealServerSpec, 'weight' | 'adminState'>[],
): string | null {
  const active = pool.filter((r) => r.adminState !== 'halt');
  if (active.length === 0) return null;
  if (active.some((r) => r.adminState === 'online' && r.weight > 0)) return null;
  return `Every real server of ${service.label} would be drained or at weight 0, so it would refuse every new connection. Keep at least one online with a weight above 0, or halt the ones to take out.`;
}

/** PUT .../real-servers/{rsId}/state, the System Overview's buttons and `cli rs drain|halt|online`. */
export const realServerStateRequestSchema = z
  .object({
    state: z.enum(ADMIN_STATES, { error: 'Send "state": "online", "drain" or "halt".' }),
    /**
     * The same real server (by address) in every service, as the appliance's --services all. Always so
     * when the table has more than 2,000 real servers (one state file per address; the answer's "scope" says "address").
     */
    allServices: z.boolean().default(false),
    /** With drain: halt it when its connections are gone, or at the latest after this many seconds. */
    haltWhenIdle: z
      .object({
        deadlineSeconds: z
          .number({ error: 'Send the deadline in seconds.' })
          .int()
          .min(60, 'Give the sessions at least 60 seconds.')
          .max(7 * 86_400, 'Use a deadline of at most 7 days (604800 seconds).'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((r) => !r.haltWhenIdle || r.state === 'drain', { path: ['haltWhenIdle'], message: 'Halt-when-idle goes with "state": "drain".' });
export type RealServerStateRequest = z.output<typeof realServerStateRequestSchema>;

export interface RealServerDto extends RealServerSpec {
  id: string;
  virtualServiceId: string;
  version: number;
}
