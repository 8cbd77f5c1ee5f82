import { z } from 'zod';

/** POST /api/v1/apply, the Apply page and `cli apply`: what the admin says about this apply. */
export const applyRequestSchema = z
  .object({ comment: z.string().trim().max(500, 'Keep the comment under 500 characters.').default('') })
  .strict();

export const hostKeyRequestSchema = z.object({ fingerprint: z.string() }).strict();
