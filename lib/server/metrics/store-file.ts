// Where the metrics file is, and that it never fills its disk: below a floor of free space (LVS_METRICS_MIN_FREE_MB, 1,024 MB
// by default) the store records no more samples (the graphs show a gap, health and VRRP changes are
// still kept: they are small) and Reports says so, until there is space again.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';

/** The metrics file: LVS_METRICS_DB, else beside an SQLite database, else in the data directory. */
export function metricsDbPath(env = process.env): string {
  if (env.LVS_METRICS_DB) return path.resolve(env.LVS_METRICS_DB);
  const cfg = loadConfig(env);
  if (cfg.databaseUrl.startsWith('file:'))
    return path.join(path.dirname(path.resolve(cfg.databaseUrl.slice('file:'.length))), 'metrics.sqlite');
  return path.join(cfg.dataDir, 'metrics.sqlite');
}

export interface DiskFloorState {
  /** When recording stopped (seconds). */
  since: number;
  freeBytes: number;
  floorBytes: number;
  dir: string;
}

export const defaultFloorBytes = (env = process.env) => (Number(env.LVS_METRICS_MIN_FREE_MB) || 1024) * 1024 * 1024;

const mb = (bytes: number) => `${Math.floor(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;

export class DiskFloor {
  /** Set while recording is stopped for lack of space. */
  state: DiskFloorState | null = null;

  constructor(
    readonly dir: string,
    public floorBytes = defaultFloorBytes(),
  ) {}

  /** Whether samples may be written now (one statfs); a change is logged once. */
  allows(nowS = Math.floor(Date.now() / 1000)): boolean {
    const st = fs.statfsSync(this.dir);
    const free = st.bavail * st.bsize;
    if (free >= this.floorBytes) {
      if (this.state) console.log(`[lvs-console] metrics: ${mb(free)} free in ${this.dir} again; recording resumes`);
      this.state = null;
      return true;
    }
    if (!this.state)
      console.error(
        `[lvs-console] metrics: only ${mb(free)} free in ${this.dir} (the floor is ${mb(this.floorBytes)}): no samples are recorded until there is more`,
      );
    this.state = { since: this.state?.since ?? nowS, freeBytes: free, floorBytes: this.floorBytes, dir: this.dir };
    return false;
  }

  /** What Reports says while recording is stopped. */
  message(): string | null {
    const s = this.state;
    if (!s) return null;
    return `Recording stopped at ${new Date(s.since * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC: only ${mb(s.freeBytes)} free in ${s.dir} (the floor is ${mb(s.floorBytes)}, LVS_METRICS_MIN_FREE_MB). The graphs have a gap from then on; free some space and recording resumes at the next poll.`;
  }
}
