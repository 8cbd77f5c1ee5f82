// What a list page or list API is asked: a search (label, IP or port) and a page. Shared by the
// Layer 4 pages and GET /api/v1/virtual-services, so that a bookmark and an API call mean the same.
import { z } from 'zod';

export const PAGE_SIZE = 50;
export const API_MAX_LIMIT = 10_000;

export const listQuerySchema = z.object({
  q: z.string().trim().max(200, 'A search is 200 characters at most.').default(''),
  page: z.coerce.number().int('page is a whole number from 1.').min(1, 'page is a whole number from 1.').default(1),
  /** Real servers: only those in this admin state. */
  state: z.enum(['online', 'drain', 'halt'], { error: 'Use online, drain or halt.' }).optional(),
  /** Real servers: one service's. */
  service: z.string().trim().min(1).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** A page's query from its URL: a value that does not parse falls back to its default (a page never fails on a bad bookmark). */
export function listQueryFromParams(params: Record<string, string | string[] | undefined>): ListQuery {
  const flat = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]): [string, string | undefined] => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ''),
  );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    const field = listQuerySchema.shape[k as keyof typeof listQuerySchema.shape];
    if (field && field.safeParse(v).success) out[k] = v;
  }
  return listQuerySchema.parse(out);
}

export const apiListQuerySchema = z.object({
  q: z.string().trim().max(200, 'A search is 200 characters at most.').optional(),
  limit: z.coerce.number().int().min(1).max(API_MAX_LIMIT, `limit is ${API_MAX_LIMIT} at most.`).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const renderedFileQuerySchema = z.object({
  director: z.string().trim().min(1, 'Name the director: director=<name>.'),
  path: z.string().trim().startsWith('/', "path is the file's path on the director, e.g. /etc/keepalived/keepalived.conf."),
});

/**
 * One page of a list, or its last page when the one asked for is past the end (the list got
 * shorter since the bookmark). `find` reads `take` items from `skip`.
 */
export async function pageOrLast<T>(
  page: number,
  find: (skip: number, take: number) => Promise<{ items: T[]; total: number }>,
): Promise<{ items: T[]; total: number; page: number; pages: number }> {
  let { items, total } = await find((page - 1) * PAGE_SIZE, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page <= pages) return { items, total, page, pages };
  ({ items, total } = await find((pages - 1) * PAGE_SIZE, PAGE_SIZE));
  return { items, total, page: pages, pages };
}
