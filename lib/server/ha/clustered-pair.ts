// Cluster Configuration > High-Availability Configuration: create a clustered pair from the one director
// there is, and break it.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { parseOrThrow, ValidationError } from '../platform/validation';
import { withDirectorsLock } from '../platform/lease';
import { createDirector, deleteDirector, updateDirector, type DirectorDto } from '../directors/directors';
import { clusteredPairSchema } from '../../schemas/director';
import { readPair } from './pair';

/** Cluster Configuration > High-Availability Configuration > Create a clustered pair. */
export async function createClusteredPair(args: { input: unknown; actor: string; clusterId?: string }): Promise<DirectorDto> {
  const input = parseOrThrow(clusteredPairSchema, args.input);
  const clusterId = args.clusterId || DEFAULT_CLUSTER_ID;
  const directors = await getDb().director.findMany({ where: { clusterId } });
  if (directors.length !== 1) {
    throw new AppError(
      'CONFLICT',
      directors.length
        ? `There are already ${directors.length} directors: break the pair first to pair another one.`
        : 'Add this director first (Local Configuration > Directors), then pair it.',
    );
  }
  const local = directors[0];
  const localAddress = input.localVrrpAddress ?? local.vrrpAddress;
  if (!localAddress)
    throw new ValidationError([
      {
        field: 'localVrrpAddress',
        message: `Enter ${local.name}'s own address on ${local.vrrpInterface}: the pair's VRRP adverts go between the two directors' own addresses.`,
      },
    ]);
  if (localAddress === input.peer.vrrpAddress)
    throw new ValidationError([{ field: 'peer.vrrpAddress', message: `That is ${local.name}'s own address; enter the peer's.` }]);
  if (local.role !== 'primary' || local.vrrpAddress !== localAddress) {
    await updateDirector({
      id: local.id,
      patch: { version: local.version, role: 'primary', vrrpAddress: localAddress },
      actor: args.actor,
    });
  }
  return createDirector({ input: { ...input.peer, role: 'secondary' }, actor: args.actor, clusterId });
}

/**
 * "Break clustered pair": the secondary is no longer managed; the primary runs alone from the next
 * apply. Refused while the secondary holds the floating IPs (make the primary active first), and while
 * it cannot be read unless the admin confirms it is gone: a secondary that still runs keepalived would
 * keep claiming the floating IPs next to a primary that no longer expects a peer.
 */
export async function breakClusteredPair(args: {
  actor: string;
  secondaryGone?: boolean;
  /** The pair's cluster; `default` unless told. */
  clusterId?: string;
}): Promise<{ removed: string; remaining: string }> {
  return withDirectorsLock('breaking the clustered pair', args.actor, async () => {
    const directors = await getDb().director.findMany({
      where: { clusterId: args.clusterId || DEFAULT_CLUSTER_ID },
      orderBy: [{ role: 'asc' }, { name: 'asc' }],
    });
    if (directors.length !== 2) throw new AppError('CONFLICT', 'There is no clustered pair to break.');
    const [primary, secondary] = directors[0].role === 'primary' ? [directors[0], directors[1]] : [directors[1], directors[0]];
    if (secondary.hostKeyFingerprint) {
      const pair = await readPair(directors.filter((d) => d.hostKeyFingerprint));
      const view = pair.views.find((v) => v.director.id === secondary.id);
      if (!view?.view && !args.secondaryGone) {
        throw new AppError(
          'DIRECTOR_UNREACHABLE',
          `${secondary.name} cannot be read (${view?.error ?? 'no answer'}), so the console cannot tell whether it still holds or claims the floating IPs. Bring it back and try again; or, if it is gone for good (switched off, decommissioned), confirm that and break the pair: it must never run keepalived with this configuration again.`,
          { field: 'secondaryGone' },
        );
      }
      if (pair.active === secondary.name)
        throw new AppError('CONFLICT', `${secondary.name} holds the floating IPs: make ${primary.name} active first, then break the pair.`);
    }
    await deleteDirector({ id: secondary.id, actor: args.actor });
    return { removed: secondary.name, remaining: primary.name };
  });
}
