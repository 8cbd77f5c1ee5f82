// What the console does with nobody watching, started once per process (instrumentation.ts). Every
// console takes part in the leader election; only the leader runs the jobs (lib/server/leader).
import 'server-only';
import { isLeader, startLeaderElection, stepDown } from './leader';
import { ensureOverviewPolling } from '../live/poller';
import { catchUpBehindDirectors, CATCH_UP_RETRY_MS } from '../apply/catch-up';
import { failInterruptedApplies } from '../apply/recovery';
import { deliverDueAlerts } from '../alerts/outbox';

const RESUME_EVERY_MS = 10_000;
const ALERT_DELIVERY_EVERY_MS = 3_000;

export async function startBackgroundJobs(): Promise<void> {
  const log = (what: string) => (err: unknown) => console.error(`[lvs-console] ${what}:`, err instanceof Error ? err.message : err);
  // The poller's idle polls (metrics, halt-when-idle, state files, vrrp.yield) and applies left running by
  // a console that stopped; also picks up halt-when-idle jobs started by another console or the CLI.
  const resume = () => {
    if (!isLeader()) return;
    ensureOverviewPolling().catch(log('could not resume the poller'));
    failInterruptedApplies().catch(log('could not close interrupted applies'));
  };
  // A director that was unreachable during an apply is brought up to date as soon as it answers.
  const catchUp = () => {
    if (isLeader()) catchUpBehindDirectors().catch(log('catching up a director failed'));
  };
  // Alerts waiting in the outbox (also those queued before a restart), sent by the leader only.
  const deliver = () => {
    if (isLeader()) deliverDueAlerts().catch(log('delivering alerts failed'));
  };
  setInterval(resume, RESUME_EVERY_MS).unref();
  setInterval(deliver, ALERT_DELIVERY_EVERY_MS).unref();
  setInterval(catchUp, Math.min(15_000, CATCH_UP_RETRY_MS)).unref();
  await startLeaderElection(resume);
  // A clean stop frees the leadership for another console at once.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stepDown());
}
