import Link from 'next/link';
import type { PendingState } from '@/lib/schemas/apply';
import { clusterHref } from '@/lib/schemas/cluster';

type Behind = PendingState['behind'];

/**
 * What every console page shows above its content while it holds: a director whose state is
 * unknown, split brain or no standby, a director behind, and changes not yet applied. Each is a
 * sentence and a link to where it is fixed (never a colour alone).
 */
export function ConsoleBanners({
  pending,
  pair,
  cluster = null,
}: {
  pending: PendingState | null;
  pair: { splitBrain: string | null; noStandby: string | null } | null;
  /** The page's cluster when it is not `default` (?cluster=): the links keep it. */
  cluster?: string | null;
}) {
  return (
    <>
      {pending?.stateUnknown.length ? (
        <div
          role="alert"
          className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900"
        >
          <span>
            <strong>State unknown:</strong> {pending.stateUnknown.map((d) => d.name).join(' and ')} lost the connection during an apply,
            after its files were swapped. Run a drift check to see what it runs.
          </span>
          <Link href={clusterHref('/local-configuration/directors', cluster)} className="font-semibold underline">
            Check the directors
          </Link>
        </div>
      ) : null}
      {[pair?.splitBrain, pair?.noStandby].filter(Boolean).map((text) => (
        <div
          key={text}
          role="alert"
          className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900"
        >
          <span>{text}</span>
          <Link href={clusterHref('/cluster-configuration/high-availability', cluster)} className="font-semibold underline">
            High-Availability Configuration
          </Link>
        </div>
      ))}
      {pending?.behind.length ? <BehindBanner behind={pending.behind} cluster={cluster} /> : null}
      {pending?.pending ? (
        <div
          role="region"
          aria-label="Pending changes"
          className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          <span>
            {pending.compared
              ? 'The configuration has changes that are not on the directors yet.'
              : 'The configuration has changed since the last apply.'}
          </span>
          <Link href={clusterHref('/maintenance/apply', cluster)} className="font-semibold underline">
            Review and apply
          </Link>
        </div>
      ) : null}
    </>
  );
}

/** Directors that missed an apply, and how their catching up goes. */
function BehindBanner({ behind, cluster }: { behind: Behind; cluster: string | null }) {
  const failing = behind.filter((d) => d.catchUp);
  const many = behind.length > 1;
  return (
    <div
      role="alert"
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-amber-400 bg-amber-50 px-4 py-2 text-sm text-amber-900"
    >
      <span>
        <strong>Behind:</strong> {behind.map((d) => d.name).join(' and ')} {many ? 'were' : 'was'} unreachable during an apply and{' '}
        {many ? 'run' : 'runs'} an older revision. The console brings {many ? 'them' : 'it'} up to date as soon as{' '}
        {many ? 'they answer' : 'it answers'}.
        {failing.map((d) => (
          <span key={d.name} className="block">
            Catching up {d.name} failed {d.catchUp!.failures} time{d.catchUp!.failures > 1 ? 's' : ''} in a row
            {d.catchUp!.nextAt ? `; next try at ${d.catchUp!.nextAt.toISOString().slice(11, 19)} UTC` : ''}: {d.catchUp!.error}
          </span>
        ))}
      </span>
      <Link href={clusterHref('/cluster-configuration/high-availability', cluster)} className="font-semibold underline">
        See the pair
      </Link>
    </div>
  );
}
