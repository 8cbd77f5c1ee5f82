// Writing real servers' admin state on a director: the files keepalived watches (lib/render/state-files).
// One shell process for any number of files, and only the files whose value changes are written
// (each write is what keepalived reacts to; an unchanged file is left alone).
import { STATE_DIR, STATE_FILE_NAME } from '../render/state-files';
import type { DirectorSession } from './transport';
import { DirectorError } from './errors';

/** Writes the given state files (name -> "0" | "1"); returns the names that changed. */
export async function writeStateFiles(conn: DirectorSession, files: Record<string, string>): Promise<string[]> {
  const names = Object.keys(files).sort();
  for (const n of names) {
    if (!STATE_FILE_NAME.test(n) || !/^[01]$/.test(files[n]))
      throw new Error(`Refused to write state file "${n}" = "${files[n]}" on a director: not a state file of the console.`);
  }
  if (!names.length) return [];
  const script = [
    `mkdir -p '${STATE_DIR}' && cd '${STATE_DIR}' || exit 1`,
    // read and echo are shell builtins: no process per file.
    'while read -r f v; do cur=; [ -f "$f" ] && IFS= read -r cur < "$f"; [ "$cur" = "$v" ] || { echo "$v" > "$f" && echo "changed $f"; }; done',
  ].join('\n');
  const r = await conn.exec(script, { stdin: names.map((n) => `${n} ${files[n]}`).join('\n') + '\n', timeoutMs: 60_000 });
  if (r.code !== 0)
    throw new DirectorError(
      'command',
      `${conn.target.name}: writing the real servers' state in ${STATE_DIR} failed: ${r.stderr.trim() || `exit ${r.code}`}`,
    );
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('changed '))
    .map((l) => l.slice(8));
}

/** The state files a director holds now (name -> value), for the overview and for reconciling. */
export async function readStateFiles(conn: DirectorSession): Promise<Record<string, string>> {
  const r = await conn.exec(
    `cd '${STATE_DIR}' 2>/dev/null && for f in *.drain *.halt; do [ -f "$f" ] && IFS= read -r v < "$f"; [ -f "$f" ] && echo "$f $v"; done; true`,
  );
  return parseStateListing(r.stdout);
}

export function parseStateListing(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name && STATE_FILE_NAME.test(name)) out[name] = value ?? '';
  }
  return out;
}
