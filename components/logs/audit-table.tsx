import type { AuditEventView } from '@/lib/schemas/audit';
import { TableHead } from '@/components/ui/table-head';
import { FilterSelect } from '@/components/ui/filter-select';

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

/** The Logs page's filter: by object type and by actor (a plain GET form, so a filter is a link). */
export function AuditFilter({
  object,
  actor,
  facets,
}: {
  object: string;
  actor: string;
  facets: { objectTypes: string[]; actors: string[] };
}) {
  return (
    <form method="get" aria-label="Filter the log" className="mt-4 flex flex-wrap items-end gap-4">
      <FilterSelect id="object" label="Object" value={object} all="All objects" options={facets.objectTypes} />
      <FilterSelect id="actor" label="Actor" value={actor} all="Everyone" options={facets.actors} />
      <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm">
        Filter
      </button>
    </form>
  );
}

/** Audit events, newest first, each update with the fields it changed and its before and after. */
export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <table className="mt-6 w-full border-collapse bg-white text-sm">
      <caption className="sr-only">Audit events</caption>
      <TableHead columns={['Time', 'Actor', 'Action', 'Object', 'Details']} />
      <tbody>
        {events.map((e) => (
          <AuditRow key={e.id} e={e} />
        ))}
      </tbody>
    </table>
  );
}

function AuditRow({ e }: { e: AuditEventView }) {
  const before = pretty(e.before);
  const after = pretty(e.after);
  const changed = changedFields(e.before, e.after);
  return (
    <tr className="border-b border-slate-200 align-top">
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
}
