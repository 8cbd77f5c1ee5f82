'use client';
// The System Overview's data: one page of it, refreshed in place on the poll interval; a new filter,
// state, sort or page is fetched at once (typing waits for a pause of 250 ms). Answers that come back
// after a newer request are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OverviewPage } from '@/lib/schemas/overview';
import type { OverviewQuery } from '@/lib/schemas/overview-query';
import { age } from './director-card';

function queryString(q: OverviewQuery, cluster: string | null): string {
  const p = new URLSearchParams({ sort: q.sort, page: String(q.page) });
  if (cluster) p.set('cluster', cluster);
  if (q.q) p.set('q', q.q);
  if (q.state) p.set('state', q.state);
  return p.toString();
}

export function useLiveOverview(initial: OverviewPage, cluster: string | null = null) {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.parse(initial.generatedAt));
  // Filtered, sorted and paged on the server: the browser holds one page of services, never 10,000.
  const [query, setQuery] = useState<OverviewQuery>(initial.query);
  const [filterText, setFilterText] = useState(initial.query.q);
  const lastGood = useRef(initial.generatedAt);
  const queryRef = useRef(query);
  const requestNo = useRef(0);

  const load = useCallback(
    async (q: OverviewQuery) => {
      const no = ++requestNo.current;
      try {
        const res = await fetch(`/api/v1/overview?${queryString(q, cluster)}`, { cache: 'no-store' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const next = (await res.json()) as OverviewPage;
        if (no !== requestNo.current) return; // a newer request (another filter or page) answers instead
        lastGood.current = next.generatedAt;
        setData(next);
        setNow(Date.parse(next.generatedAt));
        setError(null);
      } catch (e) {
        if (no === requestNo.current)
          setError(`Cannot refresh: ${(e as Error).message}. The figures below are from ${age(lastGood.current, Date.now())}.`);
      }
    },
    [cluster],
  );

  const change = useCallback(
    (next: Partial<OverviewQuery>) => {
      const q = { ...queryRef.current, ...next };
      queryRef.current = q;
      setQuery(q);
      void load(q);
    },
    [load],
  );
  useEffect(() => {
    if (filterText.trim() === queryRef.current.q) return;
    const t = setTimeout(() => change({ q: filterText.trim(), page: 1 }), 250);
    return () => clearTimeout(t);
  }, [filterText, change]);

  // Updates in place on a named interval; expanded rows and focus are kept (rows are keyed by id).
  useEffect(() => {
    const timer = setInterval(() => void load(queryRef.current), initial.pollIntervalMs);
    const requests = requestNo;
    return () => {
      requests.current++; // an answer still on its way is dropped
      clearInterval(timer);
    };
  }, [initial.pollIntervalMs, load]);

  return { data, error, now, query, change, filterText, setFilterText };
}
