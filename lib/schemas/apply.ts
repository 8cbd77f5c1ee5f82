import { z } from 'zod';

/** POST /api/v1/apply, the Apply page and `cli apply`: what the admin says about this apply. */
export const applyRequestSchema = z
  .object({
    comment: z.string().trim().max(500, 'Keep the comment under 500 characters.').default(''),
    /** The cluster to apply (id or name); required when the console has more than one (or ?cluster=). */
    cluster: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const hostKeyRequestSchema = z.object({ fingerprint: z.string() }).strict();

export interface ApplyStepDto {
  director: string | null;
  seq: number;
  name: string;
  status: string;
  output: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface ApplyRunDto {
  id: string;
  /** The cluster it applied. */
  clusterId: string;
  status: 'running' | 'succeeded' | 'failed';
  actor: string;
  comment: string;
  error: string | null;
  /** Succeeded, but not everywhere: a director of the pair was unreachable and is behind. */
  warning: string | null;
  revisionId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  steps: ApplyStepDto[];
}

export interface PendingState {
  pending: boolean;
  lastRevision: { id: string; createdAt: Date; actor: string; comment: string } | null;
  directors: number;
  /** Directors whose state is unknown since an apply lost them after swapping files. */
  stateUnknown: { name: string; since: Date }[];
  /** Directors that missed an apply (unreachable at the time) and do not run the last revision yet. */
  behind: { name: string; since: Date | null; catchUp: { failures: number; nextAt: Date | null; error: string | null } | null }[];
  /**
   * False when the configuration changed since the last apply but was not yet compared with it (the
   * banner renders nothing; the Apply page compares): `pending` is then true.
   */
  compared: boolean;
}
