// Applying a rendered configuration to one director, as a pipeline whose every step is reported:
// upload to a staging directory, config-test and nft -c on the director, keep the previous files,
// swap atomically, load sysctl and marks, reload keepalived, then read the kernel table back and
// compare it with what the configuration expects. Any failure after the swap restores the previous
// files and state. (The NPM/nginx-proxy-manager habit: test, write, test again, reload, record.)
import { DIRECTOR_PATHS } from '../render/model';
import type { Artefacts } from '../render';
import type { DirectorSession } from './transport';
import { DirectorError } from './errors';
import { restoreStateFiles, writeStateFiles, type StateChange } from './live-state';
import { EXTERNAL_CHECKS_DIR } from '../schemas/virtual-service';
import {
  assertArtefactPaths,
  checkScriptPath,
  CONFIG_TEST_LOG,
  PREVIOUS_DIR,
  remotePath,
  remotePaths,
  ROLLBACK_SUFFIX,
  STAGED_SUFFIX,
  STATE_DIR,
} from './remote-path';

const EXECUTABLE = new Set<string>([DIRECTOR_PATHS.notify]);

export type StepName =
  | 'connect'
  | 'upload'
  | 'config-test'
  | 'nft-check'
  | 'backup'
  | 'install'
  | 'state'
  | 'sysctl'
  | 'marks'
  | 'reload'
  | 'verify'
  | 'rollback';

export interface StepEvent {
  name: StepName;
  status: 'running' | 'succeeded' | 'failed';
  output?: string;
}

/**
 * What a failed apply left on the director:
 * - unchanged: nothing was swapped, it runs its previous configuration;
 * - rolled-back: files were swapped, then the previous ones were put back and loaded;
 * - unknown: files were swapped and the console could not put them back (the connection is gone,
 *   or the rollback failed): someone must look (a drift check settles it).
 */
export type ApplyOutcome = 'unchanged' | 'rolled-back' | 'unknown';

export class ApplyStepError extends Error {
  constructor(
    readonly step: StepName,
    message: string,
    readonly outcome: ApplyOutcome = 'unchanged',
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'ApplyStepError';
  }

  get rolledBack(): boolean {
    return this.outcome === 'rolled-back';
  }
}

/** The connection to the director is gone: nothing more can be done there now. */
const connectionLost = (err: unknown) => err instanceof DirectorError && err.connectionLost;

const staged = (p: string) => `${p}${STAGED_SUFFIX}`;
const dedupe = (text: string) =>
  [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ].join('\n');

/**
 * The live table against the expected one. It is acceptable ("ok") when nothing unexpected is there
 * and only real-server lines are missing (keepalived leaves out a real server whose check fails);
 * a missing service, a different weight or scheduler, or anything extra is not.
 */
export function compareTable(want: string[], live: string[]): { ok: boolean; missing: string[]; unexpected: string[] } {
  const have = new Set(live);
  const wanted = new Set(want);
  const missing = want.filter((l) => !have.has(l));
  // A real server inhibited by keepalived (quiescent) counts as missing, like one left out for a failing
  // check, not as unexpected.
  const inhibited = inhibitedRules(missing);
  const unexpected = live.filter((l) => !wanted.has(l) && !inhibited.has(l));
  return { ok: unexpected.length === 0 && missing.every((l) => l.startsWith('-a ')), missing, unexpected };
}

/** A real-server rule at weight 0, as keepalived's inhibit_on_failure leaves a failed real server. */
export const atWeightZero = (rule: string) => rule.replace(/ -w \d+$/, ' -w 0');

/** The weight-0 rules that stand for wanted real servers (`missing`) inhibited for a failing check. */
export function inhibitedRules(missing: string[]): Set<string> {
  return new Set(missing.filter((l) => l.startsWith('-a ')).map(atWeightZero));
}

/** Normalised `ipvsadm -Sn`: one rule per line, sorted. */
export function normaliseIpvsSave(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();
}

export interface ApplyOptions {
  verifyTimeoutMs?: number;
  /** External check scripts (file names in the checks directory) the configuration runs. */
  checkScripts?: string[];
  /** The real servers' admin-state files (lib/render/state-files), written before keepalived reloads. */
  stateFiles?: Record<string, string>;
  /** Test hook (lab fault tests): runs between two steps on the live connection, told which director's step comes next. */
  beforeStep?: (name: StepName, director: string) => Promise<void>;
}

/** Every step on one director: prepare (nothing changes yet), then install (the arguments of installOnDirector). */
export async function applyToDirector(...args: Parameters<typeof installOnDirector>): Promise<void> {
  const [conn, artefacts, , report, opts] = args;
  await prepareDirector(conn, artefacts, report, opts);
  await installOnDirector(...args);
}

/** A step: reported as it runs; a failure becomes an ApplyStepError (outcome decided by the caller). */
function stepper(conn: DirectorSession, report: (e: StepEvent) => Promise<void>, opts: ApplyOptions) {
  return async <T>(name: StepName, fn: () => Promise<T>): Promise<T> => {
    await opts.beforeStep?.(name, conn.target.name);
    await report({ name, status: 'running' });
    try {
      const out = await fn();
      await report({ name, status: 'succeeded', output: typeof out === 'string' ? out : undefined });
      return out;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await report({ name, status: 'failed', output: message }).catch(() => undefined);
      // The original error stays the cause: the branch below depends on what really happened.
      throw new ApplyStepError(name, message, 'unchanged', { cause: err });
    }
  };
}

/**
 * The steps that change nothing the director runs: the files staged beside their targets, keepalived's
 * and nft's own tests of them, the previous files kept. A pair's directors are prepared at once, so a
 * configuration that either refuses changes neither. A failure tidies the staged files away.
 */
export async function prepareDirector(
  conn: DirectorSession,
  artefacts: Artefacts,
  report: (e: StepEvent) => Promise<void>,
  opts: ApplyOptions = {},
): Promise<void> {
  const paths = Object.keys(artefacts).sort();
  assertArtefactPaths(paths); // before anything reaches the director
  const step = stepper(conn, report, opts);
  try {
    await step('upload', () => uploadStaged(conn, paths, artefacts));
    await step('config-test', () => configTest(conn, opts.checkScripts ?? []));
    await step('nft-check', () => nftCheck(conn));
    await step('backup', () => keepPrevious(conn, paths));
  } catch (err) {
    await afterFailure(conn, paths, false, report, err, []);
  }
}

/** A prepared director that will not be installed (its peer failed): the staged files are removed. */
export async function discardPrepared(conn: DirectorSession, artefacts: Artefacts): Promise<void> {
  await conn.exec(`rm -f ${remotePaths(Object.keys(artefacts).sort().map(staged))}`);
}

/**
 * The steps that change the director, after prepareDirector: the swap, the admin state, the kernel
 * settings and marks, keepalived's reload and the kernel table read back. A failure after the swap
 * restores the previous files and state.
 */
export async function installOnDirector(
  conn: DirectorSession,
  artefacts: Artefacts,
  expectedTable: string[],
  report: (e: StepEvent) => Promise<void>,
  opts: ApplyOptions = {},
): Promise<void> {
  const paths = Object.keys(artefacts).sort();
  assertArtefactPaths(paths);
  let swapped = false;
  let stateChanges: StateChange[] = [];
  const step = stepper(conn, report, opts);
  try {
    await step('install', async () => {
      swapped = true;
      // Each file replaced by one rename in its own directory: a reader sees the old or the new file.
      for (const p of paths) await conn.rename(staged(p), p);
      return `${paths.length} files installed`;
    });
    const files = opts.stateFiles;
    // Before the reload: keepalived watches the state directory only if it exists when it (re)starts.
    if (files) {
      await step('state', async () => {
        stateChanges = await writeStateFiles(conn, files, { exact: true });
        const n = Object.keys(files).length;
        return `admin state in place: ${n} real server${n === 1 ? '' : 's'} drained or halted, the others online (${stateChanges.length} files changed)`;
      });
    }
    await step('sysctl', () =>
      must(conn, `sysctl -q -p ${remotePath(DIRECTOR_PATHS.sysctl)} && echo ok`, 'Loading the IPVS kernel settings'),
    );
    await step('marks', () => must(conn, `nft -f ${remotePath(DIRECTOR_PATHS.nftMarks)} && echo ok`, 'Loading the firewall marks'));
    await step('reload', () => reloadKeepalived(conn));
    await step('verify', () => verifyTable(conn, expectedTable, opts.verifyTimeoutMs ?? 20_000));
  } catch (err) {
    await afterFailure(conn, paths, swapped, report, err, stateChanges);
  }
}

async function must(conn: DirectorSession, command: string, what: string, timeoutMs?: number): Promise<string> {
  const r = await conn.exec(command, { timeoutMs });
  if (r.code !== 0)
    throw new Error(`${what} failed on ${conn.target.name} (exit ${r.code}): ${dedupe(r.stderr || r.stdout) || 'no output'}`);
  return r.stdout;
}

async function uploadStaged(conn: DirectorSession, paths: string[], artefacts: Artefacts): Promise<string> {
  await conn.writeFiles(paths.map((p) => ({ path: staged(p), content: artefacts[p], mode: EXECUTABLE.has(p) ? 0o755 : 0o644 })));
  return `${paths.length} files uploaded (as *${STAGED_SUFFIX} beside their targets)`;
}

/** The external check scripts exist, and keepalived accepts the staged configuration without a warning. */
async function configTest(conn: DirectorSession, checkScripts: string[]): Promise<string> {
  const scripts = [...new Set(checkScripts)].sort();
  if (scripts.length) {
    const r = await conn.exec(
      `for s in ${scripts.map((n) => remotePath(checkScriptPath(n))).join(' ')}; do [ -f "$s" ] && [ -x "$s" ] || echo "missing=$s"; done`,
    );
    const missing = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('missing='))
      .map((l) => l.slice('missing='.length));
    if (missing.length) {
      throw new Error(
        `${conn.target.name} has no executable ${missing.join(', ')}: external checks run only scripts from ${EXTERNAL_CHECKS_DIR}/. Copy the script there on every director and chmod 755 it, then apply again.`,
      );
    }
  }
  const log = remotePath(CONFIG_TEST_LOG);
  const r = await conn.exec(
    `mkdir -p ${remotePath(STATE_DIR)}; rm -f ${log}; keepalived --config-test=${log} -f ${remotePath(staged(DIRECTOR_PATHS.keepalived))}; echo "exit=$?"; cat ${log} 2>/dev/null`,
  );
  const code = Number(/exit=(\d+)/.exec(r.stdout)?.[1] ?? -1);
  const output = dedupe(r.stdout.replace(/exit=\d+\n?/, ''));
  if (code !== 0 || output) throw new Error(`keepalived --config-test on ${conn.target.name} exited ${code}: ${output || 'no message'}`);
  return 'keepalived --config-test: exit 0, no warnings';
}

async function nftCheck(conn: DirectorSession): Promise<string> {
  const r = await conn.exec(`nft -c -f ${remotePath(staged(DIRECTOR_PATHS.nftMarks))}`);
  if (r.code !== 0) throw new Error(`nft -c on ${conn.target.name}: ${dedupe(r.stderr)}`);
  return 'nft -c: ok';
}

async function keepPrevious(conn: DirectorSession, paths: string[]): Promise<string> {
  await must(
    conn,
    // One cp for all the files that exist (--parents: PREVIOUS_DIR/etc/keepalived/keepalived.conf, ...), given
    // relative to / (with -p, GNU cp fails on absolute ones).
    `rm -rf ${remotePath(PREVIOUS_DIR)} && mkdir -p ${remotePath(PREVIOUS_DIR)} && cd / && set -- && for f in ${remotePaths(paths)}; do [ -e "$f" ] && set -- "$@" "\${f#/}"; done; [ $# -eq 0 ] || cp -p --parents "$@" ${remotePath(PREVIOUS_DIR)}`,
    'Keeping the previous files',
  );
  return `previous files kept in ${PREVIOUS_DIR}`;
}

async function reloadKeepalived(conn: DirectorSession): Promise<string> {
  const r = await conn.exec(
    'if systemctl is-active --quiet keepalived; then systemctl reload keepalived; else systemctl start keepalived; fi',
    {
      timeoutMs: 30_000,
    },
  );
  if (r.code !== 0)
    throw new Error(`keepalived did not (re)start on ${conn.target.name}: ${dedupe(r.stderr || r.stdout) || `exit ${r.code}`}`);
  const alive = await conn.exec('sleep 1; systemctl is-active keepalived');
  if (alive.code !== 0)
    throw new Error(`keepalived is not running on ${conn.target.name} after the reload: ${dedupe(alive.stdout + alive.stderr)}`);
  return 'keepalived reloaded';
}

/**
 * The kernel table read back until it matches. keepalived loads a large table for a while: the wait
 * goes on as long as more of it arrives, and ends when nothing more has arrived for `idleMs` (real
 * servers keepalived left out for a failing check are then named, not failed), or at a limit in
 * proportion to the table (20 s and 10 ms a rule). Each read waits twice as long as the last took.
 */
async function verifyTable(conn: DirectorSession, expectedTable: string[], idleMs: number): Promise<string> {
  const t0 = Date.now();
  const limit = t0 + Math.max(idleMs, 20_000 + 10 * expectedTable.length);
  const want = [...expectedTable].sort();
  let verdict = compareTable(want, []);
  let best = -1;
  let progressAt = t0;
  for (;;) {
    const r0 = Date.now();
    const r = await conn.exec('ipvsadm -Sn', { timeoutMs: 120_000 });
    const took = Date.now() - r0;
    verdict = compareTable(want, normaliseIpvsSave(r.stdout));
    if (r.code === 0 && verdict.ok && verdict.missing.length === 0) return `kernel table matches: ${want.length} rules`;
    const inPlace = want.length - verdict.missing.length;
    if (inPlace > best) {
      best = inPlace;
      progressAt = Date.now();
    }
    const now = Date.now();
    if (now - progressAt >= idleMs || now >= limit) break;
    await new Promise((res) => setTimeout(res, Math.min(Math.max(500, 2 * took), Math.max(0, limit - now))));
  }
  const waited = Math.round((Date.now() - t0) / 1000);
  if (verdict.ok) {
    // Only real servers are missing: keepalived leaves out those whose health check fails.
    const n = verdict.missing.length;
    return `kernel table matches, except ${n} real server${n > 1 ? 's' : ''} that keepalived left out because ${n > 1 ? 'their health checks fail' : 'its health check fails'}: ${listed(verdict.missing)}`;
  }
  throw new Error(
    `The kernel table on ${conn.target.name} does not match the configuration after ${waited} s (${best < 0 ? 0 : best} of ${want.length} rules in place, none more for the last ${Math.round(idleMs / 1000)} s).` +
      (verdict.missing.length ? ` Missing: ${listed(verdict.missing)}.` : '') +
      (verdict.unexpected.length ? ` Unexpected: ${listed(verdict.unexpected)}.` : ''),
  );
}

/** Rules in a message: the first 20, and how many more. */
function listed(rules: string[]): string {
  return rules.length > 20 ? `${rules.slice(0, 20).join('; ')}; and ${rules.length - 20} more` : rules.join('; ');
}

/**
 * After a failed step: nothing swapped, the staged files are tidied away; swapped and the link alive, the
 * previous files are restored; swapped and the link gone, the outcome is unknown. Always throws.
 */
async function afterFailure(
  conn: DirectorSession,
  paths: string[],
  swapped: boolean,
  report: (e: StepEvent) => Promise<void>,
  err: unknown,
  stateChanges: StateChange[],
): Promise<never> {
  const failed =
    err instanceof ApplyStepError
      ? err
      : new ApplyStepError('upload', err instanceof Error ? err.message : String(err), 'unchanged', { cause: err });
  const lost = connectionLost(failed.cause ?? err);
  if (!swapped) {
    // Nothing was swapped: the director still runs its previous configuration. Tidy up if we can.
    if (!lost) await conn.exec(`rm -f ${remotePaths(paths.map(staged))}`).catch(() => undefined);
    throw failed;
  }
  if (lost) {
    // Files were swapped and the link is gone: a rollback over a dead connection cannot work, and
    // what the director runs now is unknown until the console reaches it again.
    throw new ApplyStepError(
      failed.step,
      `${failed.message} The connection was lost after the new files were installed, so the previous ones could not be restored: the state of ${conn.target.name} is unknown. Run a drift check on it (Local Configuration > Directors) when it is reachable again.`,
      'unknown',
      { cause: failed.cause },
    );
  }
  try {
    await rollback(conn, paths, report, stateChanges);
  } catch (rollbackErr) {
    const why = rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr);
    throw new ApplyStepError(
      failed.step,
      `${failed.message} Restoring the previous files failed too (${why}): the state of ${conn.target.name} is unknown. Check it by hand, then run a drift check.`,
      'unknown',
      { cause: failed.cause },
    );
  }
  throw new ApplyStepError(failed.step, failed.message, 'rolled-back', { cause: failed.cause });
}

async function rollback(conn: DirectorSession, paths: string[], report: (e: StepEvent) => Promise<void>, stateChanges: StateChange[]) {
  await report({ name: 'rollback', status: 'running' });
  const previous = `"${PREVIOUS_DIR}$f"`;
  const script = [
    `for f in ${remotePaths(paths)}; do if [ -e ${previous} ]; then cp -p ${previous} "$f${ROLLBACK_SUFFIX}" && mv -f "$f${ROLLBACK_SUFFIX}" "$f"; else rm -f "$f"; fi; done`,
    `if [ -s ${remotePath(DIRECTOR_PATHS.nftMarks)} ]; then nft -f ${remotePath(DIRECTOR_PATHS.nftMarks)}; else nft delete table inet lvs_console 2>/dev/null; true; fi`,
    `if [ -s ${remotePath(DIRECTOR_PATHS.sysctl)} ]; then sysctl -q -p ${remotePath(DIRECTOR_PATHS.sysctl)}; fi`,
    // reload, not restart: keepalived then changes IPVS by diff, and unchanged entries keep their connections
    `if [ -s ${remotePath(DIRECTOR_PATHS.keepalived)} ]; then if systemctl is-active --quiet keepalived; then systemctl reload keepalived; else systemctl start keepalived; fi; else systemctl stop keepalived; ipvsadm -C; fi`,
  ].join(' && ');
  let r;
  try {
    // The state files first, as this apply found them: the previous configuration reads them when it reloads.
    if (stateChanges.length) await restoreStateFiles(conn, stateChanges);
    r = await conn.exec(script, { timeoutMs: 60_000 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await report({ name: 'rollback', status: 'failed', output: `Restoring the previous configuration failed: ${message}` }).catch(
      () => undefined,
    );
    throw err;
  }
  if (r.code !== 0) {
    const why = dedupe(r.stderr) || `exit ${r.code}`;
    await report({
      name: 'rollback',
      status: 'failed',
      output: `Restoring the previous configuration failed: ${why}. Check the director by hand.`,
    });
    throw new Error(`rollback failed on ${conn.target.name}: ${why}`);
  }
  await report({
    name: 'rollback',
    status: 'succeeded',
    output: `previous files restored${stateChanges.length ? `, ${stateChanges.length} state files put back` : ''}, marks and keepalived reloaded`,
  });
}
