// The Reports' downloads: each table and series as CSV (RFC 4180, UTC ISO 8601 times).
import 'server-only';
import { seriesCsv, toCsv, isoSeconds } from '../../render/timeseries';
import type { AvailabilityRow, Series, VrrpChange } from '../../schemas/metrics';

export function availabilityCsv(rows: AvailabilityRow[]): string {
  return toCsv(
    [
      'service',
      'real server',
      'address',
      'uptime %',
      'up (s)',
      'down (s)',
      'unknown (s)',
      'maintenance (s)',
      'outages',
      'longest outage (s)',
    ],
    rows.map((r) => [
      r.service,
      r.realServer,
      r.address,
      r.uptimePercent === null ? null : Number(r.uptimePercent.toFixed(3)),
      r.upS,
      r.downS,
      r.unknownS,
      r.maintenanceS,
      r.outages.length,
      r.longestOutageS,
    ]),
  );
}

export function vrrpCsv(changes: VrrpChange[]): string {
  return toCsv(
    ['time', 'director', 'state', 'detail'],
    changes.map((c) => [isoSeconds(c.t), c.director, c.state, c.detail]),
  );
}

type CsvKind = { series: Series; availability: AvailabilityRow[]; vrrp: VrrpChange[] };

/** A CSV download: text/csv with a file name that says what and when. */
export function csvResponse<K extends keyof CsvKind>(kind: K, data: CsvKind[K]): Response {
  const body =
    kind === 'series'
      ? seriesCsv((data as Series).points, (data as Series).unit)
      : kind === 'availability'
        ? availabilityCsv(data as AvailabilityRow[])
        : vrrpCsv(data as VrrpChange[]);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const what = kind === 'series' ? `${(data as Series).target.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${(data as Series).metric}` : kind;
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="lvs-${what}-${stamp}.csv"` },
  });
}
