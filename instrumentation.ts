// Runs once when the console's Next.js server starts: the leader election, and (on the leader) the work
// that must go on without a browser open: polling, halt-when-idle jobs, catch-up of directors that missed
// an apply, vrrp.yield left behind by a make-active that did not finish (lib/server/jobs/background.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startBackgroundJobs } = await import('./lib/server/jobs/background');
  await startBackgroundJobs();
}
