// The Reports page's tables: availability per real server and the VRRP failover history. Server
// components: plain tables, with a CSV download each.
import type { AvailabilityRow, VrrpChange } from '@/lib/schemas/metrics';
import { TableHead } from '@/components/ui/table-head';

export function duration(s: number): string {
  if (s <= 0) return '0 s';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`, !d && sec && `${sec} s`].filter(Boolean).join(' ') || '0 s';
}

const when = (t: number) =>
  new Date(t * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

export function AvailabilityTable({ rows, csvHref, scope }: { rows: AvailabilityRow[]; csvHref: string; scope: string }) {
  return (
    <section aria-labelledby="availability-title" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="availability-title" className="text-lg font-semibold text-slate-900">
          Availability: {scope}
        </h2>
        <a href={csvHref} download className="text-sm underline">
          Download as CSV
        </a>
      </div>
      <p className="text-sm text-slate-700">
        From the health checks as the director carrying the traffic saw them. Time in which the console could not tell (directors
        unreachable, console stopped) and halted (maintenance) time count neither as up nor as down.
      </p>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Availability per real server</caption>
        <TableHead
          columns={['Service', 'Real server', 'Address', 'Uptime', 'Outages', 'Longest outage', 'Down', 'Not known', 'Maintenance']}
          cell="px-2 py-2"
        />
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={9} className="px-2 py-2 text-slate-700">
                No real servers.
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.realServerId} className="border-b border-slate-100" data-testid={`availability-${r.realServer}`}>
                <td className="px-2 py-1">{r.service}</td>
                <th scope="row" className="px-2 py-1 text-left font-medium">
                  {r.realServer}
                </th>
                <td className="px-2 py-1 font-mono">{r.address}</td>
                <td className="px-2 py-1 tabular-nums">
                  {r.uptimePercent === null ? 'not known' : `${r.uptimePercent.toFixed(r.uptimePercent === 100 ? 0 : 2)} %`}
                </td>
                <td className="px-2 py-1 tabular-nums">
                  {r.outages.length}
                  {r.outages.some((o) => o.ongoing) ? ' (down now)' : ''}
                </td>
                <td className="px-2 py-1 tabular-nums">
                  {r.outages.length ? (
                    <>
                      {duration(r.longestOutageS)}
                      <span className="block text-xs text-slate-600">
                        {(() => {
                          const o = r.outages.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
                          return `from ${when(o.from)}`;
                        })()}
                      </span>
                    </>
                  ) : (
                    '-'
                  )}
                </td>
                <td className="px-2 py-1 tabular-nums">{duration(r.downS)}</td>
                <td className="px-2 py-1 tabular-nums">{duration(r.unknownS)}</td>
                <td className="px-2 py-1 tabular-nums">{duration(r.maintenanceS)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

export function VrrpTable({ changes, csvHref }: { changes: VrrpChange[]; csvHref: string }) {
  return (
    <section aria-labelledby="vrrp-title" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="vrrp-title" className="text-lg font-semibold text-slate-900">
          Failover history (VRRP)
        </h2>
        <a href={csvHref} download className="text-sm underline">
          Download as CSV
        </a>
      </div>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">VRRP state changes of the directors, newest first</caption>
        <TableHead columns={['Time', 'Director', 'State', 'Detail']} cell="px-2 py-2" />
        <tbody>
          {changes.length === 0 ? (
            <tr>
              <td colSpan={4} className="px-2 py-2 text-slate-700">
                No VRRP state change in this range.
              </td>
            </tr>
          ) : (
            changes.map((c, i) => (
              <tr key={`${c.t}-${c.director}-${i}`} className="border-b border-slate-100">
                <td className="px-2 py-1 tabular-nums">
                  <time dateTime={new Date(c.t * 1000).toISOString()}>{when(c.t)}</time>
                </td>
                <th scope="row" className="px-2 py-1 text-left font-medium">
                  {c.director}
                </th>
                <td className="px-2 py-1">{c.state}</td>
                <td className="px-2 py-1 text-slate-700">{c.detail}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
