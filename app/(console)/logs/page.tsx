import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { auditFacets, listAuditEvents } from '@/lib/server/platform/audit';

export const metadata: Metadata = { title: 'Logs' };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

function pretty(json: string | null): string | null {
  if (!json) return null;
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** A short "what changed" for updates: the fields whose values differ. */
function changedFields(before: string | null, after: string | null): string[] {
  if (!before || !after) return [];
  try {
    const a = JSON.parse(before) as Record<string, unknown>;
    const b = JSON.parse(after) as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (k) => k !== 'version' && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
    );
  } catch {
    return [];
  }
}

// GET /logs[?object=VirtualService&actor=loadbalancer] - the audit log, newest first
export default async function LogsPage({ searchParams }: { searchParams: Promise<{ object?: string; actor?: string }> }) {
  await requirePageUser();
  const { object = '', actor = '' } = await searchParams;
  const [events, facets] = await Promise.all([listAuditEvents({ take: 500, objectType: object, actor }), auditFacets()]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-semibold">
        Logs
      </h1>
      <p className="mt-2 text-sm text-slate-600">Audit log: every change, sign-in and apply, newest first (times in UTC).</p>
      <form method="get" aria-label="Filter the log" className="mt-4 flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="object" className="text-sm font-medium">
            Object
          </label>
          <select id="object" name="object" defaultValue={object} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="">All objects</option>
            {facets.objectTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="actor" className="text-sm font-medium">
            Actor
          </label>
          <select id="actor" name="actor" defaultValue={actor} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="">Everyone</option>
            {facets.actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm">
          Filter
        </button>
      </form>
      {events.length === 0 ? (
        <p className="mt-6 text-slate-700">No events{object || actor ? ' match the filter' : ' yet'}.</p>
      ) : (
        <table className="mt-6 w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="px-3 py-2">
                Time
              </th>
              <th scope="col" className="px-3 py-2">
                Actor
              </th>
              <th scope="col" className="px-3 py-2">
                Action
              </th>
              <th scope="col" className="px-3 py-2">
                Object
              </th>
              <th scope="col" className="px-3 py-2">
                Details
              </th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const before = pretty(e.before);
              const after = pretty(e.after);
              const changed = changedFields(e.before, e.after);
              return (
                <tr key={e.id} className="border-b border-slate-200 align-top">
                  <td className="px-3 py-2 whitespace-nowrap">{fmt.format(e.createdAt)}</td>
                  <td className="px-3 py-2">{e.actor}</td>
                  <td className="px-3 py-2">{e.action}</td>
                  <td className="px-3 py-2">{e.objectType}</td>
                  <td className="px-3 py-2">
                    {changed.length ? <p className="mb-1 text-xs text-slate-700">changed: {changed.join(', ')}</p> : null}
                    {before || after ? (
                      <details>
                        <summary className="cursor-pointer text-xs underline">Before and after</summary>
                        <div className="mt-2 grid gap-2 md:grid-cols-2">
                          <div>
                            <h3 className="text-xs font-semibold">Before</h3>
                            <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">{before ?? '—'}</pre>
                          </div>
                          <div>
                            <h3 className="text-xs font-semibold">After</h3>
                            <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">{after ?? '—'}</pre>
                          </div>
                        </div>
                      </details>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
