// Runs once when the console's Next.js server starts: work that must go on without a browser open
// (halt-when-idle jobs of a console that was restarted, directors of a pair that missed an apply) is
// resumed here.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { ensureOverviewPolling } = await import('./lib/server/overview');
  const { catchUpBehindDirectors } = await import('./lib/server/apply');
  const resume = () => ensureOverviewPolling().catch((err) => console.error('[lvs-console] could not resume halt-when-idle jobs:', err));
  await resume();
  // A job may also be started from the CLI, by another process: look for new ones now and then.
  setInterval(resume, 10_000).unref();
  // A director that was unreachable during an apply is brought up to date as soon as it answers.
  const catchUp = () => catchUpBehindDirectors().catch((err) => console.error('[lvs-console] catching up a director failed:', err));
  setInterval(catchUp, 15_000).unref();
}
