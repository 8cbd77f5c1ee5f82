'use client';
// The System Overview's filter bar: text, state (with counts), sort, what is shown, and the pager.
import type { OverviewPage, ServiceState } from '@/lib/schemas/overview';
import { SERVICE_STATES, type OverviewQuery } from '@/lib/schemas/overview-query';
import { age } from './director-card';
import { SERVICE_STATE } from './states';

const SORTS: Record<OverviewQuery['sort'], string> = { label: 'Label', state: 'State', connections: 'Active connections' };
const SELECT = 'rounded border border-slate-300 bg-white px-2 py-1';

export function OverviewToolbar(props: {
  data: OverviewPage;
  now: number;
  query: OverviewQuery;
  change: (next: Partial<OverviewQuery>) => void;
  filterText: string;
  setFilterText: (v: string) => void;
}) {
  const { data, now, query, change } = props;
  const pages = Math.max(1, Math.ceil(data.matching / data.pageSize));
  return (
    <div className="flex flex-wrap items-end gap-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="font-medium">Filter</span>
        <input
          type="search"
          value={props.filterText}
          onChange={(e) => props.setFilterText(e.target.value)}
          placeholder="label, IP or port"
          className="rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">State</span>
        <select
          value={query.state ?? ''}
          onChange={(e) => change({ state: (e.target.value || undefined) as ServiceState | undefined, page: 1 })}
          className={SELECT}
        >
          <option value="">All ({data.total})</option>
          {SERVICE_STATES.map((s) => (
            <option key={s} value={s}>
              {SERVICE_STATE[s].text} ({data.counts[s]})
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Sort by</span>
        <select value={query.sort} onChange={(e) => change({ sort: e.target.value as OverviewQuery['sort'], page: 1 })} className={SELECT}>
          {Object.entries(SORTS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <p className="text-slate-600" role="status" aria-live="polite">
        {data.matching} of {data.total} services{pages > 1 ? `; page ${data.query.page} of ${pages}, ${data.pageSize} a page` : ''}
        {data.source ? `; figures from ${data.source}` : ''}; updated {age(data.generatedAt, now)}, every {data.pollIntervalMs / 1000} s.
      </p>
      {pages > 1 ? <Pager page={data.query.page} pages={pages} go={(page) => change({ page })} /> : null}
    </div>
  );
}

function Pager({ page, pages, go }: { page: number; pages: number; go: (page: number) => void }) {
  const button = (label: string, to: number, disabled: boolean) => (
    <button
      type="button"
      disabled={disabled}
      onClick={() => go(to)}
      className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
    >
      {label}
    </button>
  );
  return (
    <nav aria-label="Overview pages" className="flex gap-2">
      {button('First', 1, page <= 1)}
      {button('Previous', page - 1, page <= 1)}
      {button('Next', page + 1, page >= pages)}
      {button('Last', pages, page >= pages)}
    </nav>
  );
}
