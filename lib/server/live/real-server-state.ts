// Drain / halt / online of a real server, live: the admin state is stored (with an audit event) and
// written at once into the state files that keepalived watches on every director, without a reload.
// A director that cannot be reached now is told at its next contact (the overview poller and every
// apply write the state files the database says).
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { parseOrThrow, ValidationError } from '../platform/validation';
import { assertPool, toVirtualServiceSpec, toRealServerDto, toRealServerSpec } from '../config/rows';
import { type RealServerDto } from '../../schemas/real-server';
import { contactableDirectors, withDirectorSession } from '../directors/sessions';
import { realServerStateRequestSchema } from '../../schemas/real-server';
import {
  addressKey,
  addressStates,
  stateFileName,
  stateKey,
  stateScope,
  stateValue,
  STATE_DIR,
  type AdminState,
} from '../../render/state-files';
import { loadRenderInput } from '../config/rendering';
import { DIRECTOR_PATHS } from '../../render/model';
import { writeStateFiles } from '../../director/live-state';
import { endHaltWhenIdle, startHaltWhenIdle } from './halt-when-idle-jobs';
import { audit } from '../platform/audit';

export interface DirectorStateResult {
  director: string;
  /** The change is in effect on this director. */
  done: boolean;
  /** Why not: unreachable (it follows at the next contact), or not applied there yet. */
  message: string | null;
}

export interface StateChangeResult {
  state: RealServerDto['adminState'];
  /** service: that real server of that service; address: its address in every service (asked for, or a large table's scope). */
  scope: 'service' | 'address';
  /** With haltWhenIdle: when the console halts them at the latest. */
  haltWhenIdleDeadline: Date | null;
  realServers: (RealServerDto & { service: string })[];
  directors: DirectorStateResult[];
}

export async function setRealServerState(args: {
  virtualServiceId: string;
  id: string;
  input: unknown;
  actor: string;
  keepHaltWhenIdle?: boolean;
}): Promise<StateChangeResult> {
  const asked = parseOrThrow(realServerStateRequestSchema, args.input);
  // Everything stays inside the service's cluster: its other services, its directors.
  const service = await getDb().virtualService.findUnique({ where: { id: args.virtualServiceId }, select: { clusterId: true } });
  if (!service) throw new AppError('NOT_FOUND', `No virtual service has the id ${args.virtualServiceId}; it may have been deleted.`);
  const { clusterId } = service;
  const applied = await lastAppliedConfs(clusterId);
  const everywhere = asked.allServices || (await addressScoped(args, applied, clusterId));
  const req = { ...asked, allServices: everywhere };
  const changed = await storeStates(args, req, clusterId);
  const haltWhenIdleDeadline = await replaceHaltWhenIdle(changed, req, args);
  const directors = await writeOnDirectors(changed, req.state, applied, clusterId);
  return {
    state: req.state,
    scope: everywhere ? 'address' : 'service',
    haltWhenIdleDeadline,
    realServers: changed.map(({ fwmark: _f, ...r }) => r),
    directors,
  };
}

/** The keepalived.conf each director was last given (director name -> text). */
async function lastAppliedConfs(clusterId: string): Promise<Record<string, string>> {
  const lastRevision = await getDb().configRevision.findFirst({
    where: { clusterId },
    orderBy: { createdAt: 'desc' },
    select: { artefacts: true },
  });
  const artefacts = lastRevision ? (JSON.parse(lastRevision.artefacts) as Record<string, Record<string, string>>) : {};
  return Object.fromEntries(Object.entries(artefacts).map(([d, files]) => [d, files[DIRECTOR_PATHS.keepalived] ?? '']));
}

/**
 * Whether the state reaches the real server's address in every service: the table has more real servers
 * than keepalived watches one file each for, or a director runs a keepalived.conf that watches the address.
 */
async function addressScoped(
  args: { virtualServiceId: string; id: string },
  applied: Record<string, string>,
  clusterId: string,
): Promise<boolean> {
  if (stateScope((await loadRenderInput(clusterId)).services) === 'address') return true;
  const rs = await getDb().realServer.findFirst({ where: { id: args.id, virtualServiceId: args.virtualServiceId }, select: { ip: true } });
  const path = rs ? `${STATE_DIR}/${stateFileName(addressKey(rs))}` : null;
  return path !== null && Object.values(applied).some((conf) => conf.includes(path));
}

type Changed = (RealServerDto & { service: string; fwmark: number })[];
type StateRequest = ReturnType<typeof realServerStateRequestSchema.parse>;

/** The new state of the real server (or that address in every service), each checked against its pool, audited. */
async function storeStates(
  args: { virtualServiceId: string; id: string; actor: string },
  req: StateRequest,
  clusterId: string,
): Promise<Changed> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const rs = await tx.realServer.findFirst({ where: { id: args.id, virtualServiceId: args.virtualServiceId } });
    if (!rs) throw new AppError('NOT_FOUND', `Virtual service ${args.virtualServiceId} has no real server with the id ${args.id}.`);
    const targets = req.allServices ? await tx.realServer.findMany({ where: { ip: rs.ip, virtualService: { clusterId } } }) : [rs];
    const out: (RealServerDto & { service: string; fwmark: number })[] = [];
    for (const t of targets) {
      const vs = await tx.virtualService.findUniqueOrThrow({ where: { id: t.virtualServiceId } });
      const siblings = await tx.realServer.findMany({ where: { virtualServiceId: vs.id } });
      try {
        assertPool(
          toVirtualServiceSpec(vs),
          siblings.map((x) => (x.id === t.id ? { ...toRealServerSpec(x), adminState: req.state } : toRealServerSpec(x))),
        );
      } catch (err) {
        if (err instanceof ValidationError)
          throw new ValidationError(
            err.fields.map((f) => ({ field: 'state', message: `${t.label} in ${vs.label}: ${f.message} Nothing was changed.` })),
          );
        throw err;
      }
      const after =
        t.adminState === req.state
          ? t
          : await tx.realServer.update({ where: { id: t.id }, data: { adminState: req.state, version: { increment: 1 } } });
      if (t.adminState !== req.state) {
        await audit(tx, {
          actor: args.actor,
          action: req.state,
          objectType: 'RealServer',
          objectId: t.id,
          before: { service: vs.label, label: t.label, adminState: t.adminState },
          after: { service: vs.label, label: t.label, adminState: req.state },
        });
      }
      out.push({ ...toRealServerDto(after), service: vs.label, fwmark: vs.fwmark });
    }
    return out;
  });
}

/** A new state replaces a pending halt-when-idle (the admin changed their mind); with haltWhenIdle a new one starts. */
async function replaceHaltWhenIdle(
  changed: Changed,
  req: StateRequest,
  args: { actor: string; keepHaltWhenIdle?: boolean },
): Promise<Date | null> {
  let haltWhenIdleDeadline: Date | null = null;
  for (const r of changed) {
    if (!args.keepHaltWhenIdle) await endHaltWhenIdle(r.id, 'cancelled', `replaced: set to ${req.state} by ${args.actor}`, args.actor);
    if (req.haltWhenIdle)
      haltWhenIdleDeadline = (
        await startHaltWhenIdle({
          virtualServiceId: r.virtualServiceId,
          realServerId: r.id,
          deadlineSeconds: req.haltWhenIdle.deadlineSeconds,
          actor: args.actor,
        })
      ).deadline;
  }
  return haltWhenIdleDeadline;
}

/**
 * The state files written on every director now (each real server's, and its address's: whichever one
 * the director's keepalived.conf watches); one that cannot be reached takes them at its next contact.
 */
async function writeOnDirectors(
  changed: Changed,
  state: StateRequest['state'],
  applied: Record<string, string>,
  clusterId: string,
): Promise<DirectorStateResult[]> {
  const files: Record<string, string | null> = {};
  for (const r of changed) files[stateFileName(stateKey({ fwmark: r.fwmark }, r))] = stateValue(state);
  for (const [ip, s] of await statesOfAddresses(
    changed.map((r) => r.ip),
    clusterId,
  ))
    files[stateFileName(addressKey({ ip }))] = stateValue(s);
  const watched = (conf: string, r: Changed[number]) =>
    [stateKey({ fwmark: r.fwmark }, r), addressKey(r)].some((k) => conf.includes(`${STATE_DIR}/${stateFileName(k)}`));
  return Promise.all(
    (await contactableDirectors(clusterId)).map(async (d): Promise<DirectorStateResult> => {
      const conf = applied[d.name] ?? '';
      const notApplied = changed.filter((r) => !watched(conf, r));
      try {
        await withDirectorSession(d, (conn) => writeStateFiles(conn, files));
        return {
          director: d.name,
          done: notApplied.length === 0,
          message: notApplied.length
            ? `${notApplied.map((r) => `${r.label} (${r.service})`).join(', ')} not applied to ${d.name} yet: it takes this state at the next apply.`
            : null,
        };
      } catch (err) {
        return {
          director: d.name,
          done: false,
          message: `${err instanceof Error ? err.message : String(err)} ${d.name} takes this state at its next contact.`,
        };
      }
    }),
  );
}

/** Each address's state as its file says it: the most severe among its real servers in every service. */
async function statesOfAddresses(ips: string[], clusterId: string): Promise<Map<string, AdminState>> {
  const rows = await getDb().realServer.findMany({
    where: { ip: { in: [...new Set(ips)] }, virtualService: { clusterId } },
    select: { ip: true, adminState: true },
  });
  return addressStates([{ realServers: rows.map((r) => ({ ip: r.ip, adminState: r.adminState as AdminState })) }]);
}
