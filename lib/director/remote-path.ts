// Every path that goes into a command on a director is built here: checked against the paths the
// console owns there (and the external-checks directory), then quoted for the shell. A path from
// anywhere else (a stored revision, a request) never reaches a remote shell unchecked.
import { DIRECTOR_PATHS } from '../render/model';
import { CHECK_SCRIPT_NAME, EXTERNAL_CHECKS_DIR } from '../schemas/virtual-service';

/** Where the console keeps its own state on a director (previous files, logs). */
export const STATE_DIR = '/var/lib/lvs-console';
export const PREVIOUS_DIR = `${STATE_DIR}/previous`;
export const CONFIG_TEST_LOG = `${STATE_DIR}/config-test.log`;
const CHECKS_DIR = EXTERNAL_CHECKS_DIR;

/** Suffixes of the console's temporary files beside a target: staged upload, rollback copy. */
export const STAGED_SUFFIX = '.lvs-new';
export const ROLLBACK_SUFFIX = '.lvs-old';

const ARTEFACTS = new Set<string>(Object.values(DIRECTOR_PATHS));
const CHECK_NAME = CHECK_SCRIPT_NAME;
const SAFE = /^\/[A-Za-z0-9._/-]+$/;

export class UnsafePathError extends Error {
  constructor(path: string) {
    super(
      `Refused to use "${path}" on a director: it is not one of the console's own files there. The stored revision may be damaged; apply again.`,
    );
    this.name = 'UnsafePathError';
  }
}

/** Whether `path` is one of the files the console renders for a director. */
export function isArtefactPath(path: string): boolean {
  return ARTEFACTS.has(path);
}

/** Throws unless every key is an artefact path (use on anything read back from storage). */
export function assertArtefactPaths(paths: Iterable<string>): void {
  for (const p of paths) if (!isArtefactPath(p)) throw new UnsafePathError(p);
}

function allowed(path: string): boolean {
  if (!SAFE.test(path) || path.split('/').includes('..')) return false;
  if (ARTEFACTS.has(path) || path === STATE_DIR || path === PREVIOUS_DIR || path === CONFIG_TEST_LOG) return true;
  for (const suffix of [STAGED_SUFFIX, ROLLBACK_SUFFIX])
    if (path.endsWith(suffix) && ARTEFACTS.has(path.slice(0, -suffix.length))) return true;
  if (path.startsWith(`${PREVIOUS_DIR}/`) && ARTEFACTS.has(path.slice(PREVIOUS_DIR.length))) return true;
  if (path === CHECKS_DIR) return true;
  if (path.startsWith(`${CHECKS_DIR}/`) && CHECK_NAME.test(path.slice(CHECKS_DIR.length + 1))) return true;
  return false;
}

/** Single quotes for a POSIX shell: the text reaches the command unchanged, whatever it holds. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The path checked and single-quoted for a remote shell. */
export function remotePath(path: string): string {
  if (!allowed(path)) throw new UnsafePathError(path);
  return shellQuote(path);
}

/** Several paths, each checked and quoted, separated by spaces. */
export function remotePaths(paths: readonly string[]): string {
  return paths.map(remotePath).join(' ');
}

/** An external check's script on the directors, from its file name. */
export function checkScriptPath(name: string): string {
  if (!CHECK_NAME.test(name)) throw new UnsafePathError(`${CHECKS_DIR}/${name}`);
  return `${CHECKS_DIR}/${name}`;
}
