// Writing real servers' admin state on a director: the files keepalived watches (lib/render/state-files).
// Only the files whose content changes are written (each write is what keepalived reacts to), the ones
// that go (online) are removed, and each change says what the file held before, so that a failed apply
// can put it back. Only drained and halted real servers have a file, so this
// costs little at any size of table.
import { LEGACY_STATE_FILE_NAME, STATE_DIR, STATE_FILE_NAME } from '../render/state-files';
import type { DirectorSession } from './transport';
import { DirectorError } from './errors';

/** One file the write changed, and what it held before (null: it did not exist). */
export interface StateChange {
  name: string;
  before: string | null;
}

const VALUE = /^-?\d{1,11}$/;
// The file names in awk's own (POSIX) regular expressions.
const AWK_STATE = '^fw[0-9]+-[0-9A-Za-z_]+(-[0-9]+)?[.]state$';
const AWK_LEGACY = '^fw[0-9]+-[0-9A-Za-z_]+(-[0-9]+)?[.](drain|halt)$';

// awk reads the directory's listing (the first file), then "name value" lines ("-": remove). With
// exact=1 it also removes every state file not named (and the files of the previous two-file scheme).
const WRITE_STATE_AWK = `
FNR == NR { have[$0] = 1; next }
function current(f,   line) {
  if (!(f in have)) return "-"
  line = ""
  if ((getline line < f) > 0) { close(f); return line == "" ? "0" : line }
  close(f); return "0"
}
NF == 2 {
  f = $1; v = $2; want[f] = 1; cur = current(f)
  if (v == "-") { if (cur != "-") { gone[f] = 1; print "changed " f " " cur } }
  else if (cur != v) { print v > f; close(f); print "changed " f " " cur }
}
END {
  if (exact == 1) for (f in have) if (!(f in want) && (f ~ /${AWK_STATE}/ || f ~ /${AWK_LEGACY}/)) {
    cur = current(f); gone[f] = 1
    if (f ~ /[.]state$/ || (cur != "0" && cur != "")) print "changed " f " " cur
  }
  for (f in gone) print f | "xargs -r rm -f --"
  close("xargs -r rm -f --")
}`;

const WRITE_STATE_SH = [
  'while read -r f v; do',
  '  cur=-; if [ -f "$f" ]; then IFS= read -r cur < "$f"; [ -n "$cur" ] || cur=0; fi',
  '  if [ "$v" = - ]; then [ "$cur" = - ] || { rm -f -- "$f" && echo "changed $f $cur"; }',
  '  elif [ "$cur" != "$v" ]; then echo "$v" > "$f" && echo "changed $f $cur"; fi',
  'done',
].join('\n');

/**
 * Sets state files (name -> content; null removes it). With `exact`, every other state file is removed
 * too, so that the directory holds exactly these (an apply). Returns what changed.
 */
export async function writeStateFiles(
  conn: DirectorSession,
  files: Record<string, string | null>,
  opts: { exact?: boolean } = {},
): Promise<StateChange[]> {
  const names = Object.keys(files).sort();
  for (const n of names) {
    const v = files[n];
    if (!STATE_FILE_NAME.test(n) || (v !== null && !VALUE.test(v)))
      throw new Error(`Refused to write state file "${n}" = "${v}" on a director: not a state file of the console.`);
  }
  if (!names.length && !opts.exact) return [];
  const script = [
    `mkdir -p '${STATE_DIR}' && cd '${STATE_DIR}' || exit 1`,
    // A few files (a drain from the overview): shell builtins, no process but rm for a removal. An
    // apply (exact): one awk over the listing, however many there are.
    opts.exact ? `ls -1A > .listing && awk -v exact=1 '${WRITE_STATE_AWK}' .listing -; s=$?; rm -f .listing; exit $s` : WRITE_STATE_SH,
  ].join('\n');
  const stdin = names.map((n) => `${n} ${files[n] ?? '-'}`).join('\n') + '\n';
  const r = await conn.exec(script, { stdin, timeoutMs: 120_000 });
  if (r.code !== 0)
    throw new DirectorError(
      'command',
      `${conn.target.name}: writing the real servers' state in ${STATE_DIR} failed: ${r.stderr.trim() || `exit ${r.code}`}`,
    );
  return parseChanges(r.stdout);
}

export function parseChanges(stdout: string): StateChange[] {
  return stdout
    .split('\n')
    .map((l) => /^changed (\S+) (\S+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ name: m[1], before: m[2] === '-' ? null : m[2] }));
}

/** Puts back what a write changed (a rolled-back apply leaves the state files as it found them). */
export async function restoreStateFiles(conn: DirectorSession, changes: StateChange[]): Promise<void> {
  const files = Object.fromEntries(changes.filter((c) => STATE_FILE_NAME.test(c.name)).map((c) => [c.name, c.before]));
  await writeStateFiles(conn, files);
  // The previous scheme's files (a director applied by an older console) come back as they were.
  const legacy = changes.filter((c) => LEGACY_STATE_FILE_NAME.test(c.name) && c.before !== null && VALUE.test(c.before));
  if (legacy.length) {
    const r = await conn.exec(`cd '${STATE_DIR}' && while read -r f v; do echo "$v" > "$f"; done`, {
      stdin: legacy.map((c) => `${c.name} ${c.before}`).join('\n') + '\n',
    });
    if (r.code !== 0)
      throw new DirectorError('command', `${conn.target.name}: restoring the previous state files failed: ${r.stderr.trim()}`);
  }
}

/**
 * The shell that lists the state files (one grep for all of them, none when there are none: an online
 * real server has no file): "name:content" lines.
 */
export const READ_STATE_SCRIPT = `cd '${STATE_DIR}' 2>/dev/null && set -- *.state && [ -e "$1" ] && grep -H '' -- "$@" 2>/dev/null; true`;

/** The state files a director holds now (name -> content), for the overview and for reconciling. */
export async function readStateFiles(conn: DirectorSession): Promise<Record<string, string>> {
  const r = await conn.exec(READ_STATE_SCRIPT);
  return parseStateListing(r.stdout);
}

/** "name:content" lines (grep -H), or "name content" (older snapshots). */
export function parseStateListing(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([^\s:]+)[:\s](.*)$/.exec(line.trim());
    if (m && STATE_FILE_NAME.test(m[1])) out[m[1]] = m[2].trim();
  }
  return out;
}
