// What Graphs and Reports are asked: a series (target, metric, range) and a report range. Shared by the
// Reports page, the System Overview's graphs and GET /api/v1/reports/*.
import { z } from 'zod';
import { METRICS, RANGES, type RangeName } from './metrics';

/** A time: ISO 8601, or seconds since 1970 (as Prometheus and `date +%s` write it). */
const time = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${v.slice(0, 40)}" is not a time: use ISO 8601 (2026-11-27T10:00:00Z) or seconds since 1970.`,
      });
      return z.NEVER;
    }
    return Math.floor(n / 1000);
  });

export const TARGET_PATTERN = /^(service|realServer|director|interface):(.+)$/;

const rangeFields = {
  from: time.optional(),
  to: time.optional(),
  range: z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]], { error: 'Use 1h, 24h, 7d or 30d.' }).optional(),
};

/** from/to in seconds: `to` defaults to now, `from` to `to` minus the range (24 h without one). */
function resolveRange<T extends { from?: number; to?: number; range?: RangeName }>(
  v: T,
  ctx: z.RefinementCtx,
  now = Math.floor(Date.now() / 1000),
) {
  const to = v.to ?? now;
  const from = v.from ?? to - RANGES[v.range ?? '24h'];
  if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to.' });
  if (to - from > 366 * 24 * 3600)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'A range may be a year at most (the longest history kept).' });
  return { ...v, from, to };
}

export const seriesQuerySchema = z
  .object({
    target: z
      .string()
      .trim()
      .regex(TARGET_PATTERN, 'Use service:<id>, realServer:<id>, director:<name> or interface:<director>/<interface>.'),
    metric: z.enum(METRICS, { error: `Use one of: ${METRICS.join(', ')}.` }),
    step: z
      .enum(['10', '60', '3600'], { error: 'Use 10, 60 or 3600 (seconds), or leave it out to get the finest step the range allows.' })
      .optional(),
    format: z.enum(['json', 'csv']).optional(),
    ...rangeFields,
  })
  .transform((v, ctx) => resolveRange(v, ctx));
export type SeriesQuery = z.output<typeof seriesQuerySchema>;

export const reportQuerySchema = z
  .object({
    /** Restricts the availability table to one service's real servers. */
    service: z.string().trim().min(1).optional(),
    format: z.enum(['json', 'csv']).optional(),
    ...rangeFields,
  })
  .transform((v, ctx) => resolveRange(v, ctx));
export type ReportQuery = z.output<typeof reportQuerySchema>;

export const dashboardQuerySchema = z.object({
  range: z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]], { error: 'Use 1h, 24h, 7d or 30d.' }).default('1h'),
});
