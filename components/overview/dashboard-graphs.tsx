'use client';
// The System Overview's graphs: bandwidth per director interface, load average, and the connections of
// the busiest services, with a range switch (1 h, 24 h, 7 d, 30 d). While the page is open the graphs
// extend themselves: every 10 s for the last hour, every minute for the longer ranges.
import { useEffect, useRef, useState } from 'react';
import { TimeChart } from '@/components/charts/time-chart';
import type { DashboardGraphs as Graphs, RangeName } from '@/lib/schemas/metrics';

const RANGE_TEXT: Record<RangeName, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };
// As often as a new point can come: 10 s samples for the hour, minute averages for 24 hours, hours beyond.
const REFRESH_MS: Record<RangeName, number> = { '1h': 10_000, '24h': 60_000, '7d': 60_000, '30d': 60_000 };

/** The graphs of a range, fetched when it changes and refreshed while the page is open. */
function useGraphs(initial: Graphs, range: RangeName) {
  const [graphs, setGraphs] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const wanted = useRef(range);

  useEffect(() => {
    wanted.current = range;
    let stopped = false;
    const load = async (first: boolean) => {
      if (first) setLoading(true);
      try {
        const res = await fetch(`/api/v1/reports/dashboard?range=${range}`, { cache: 'no-store' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const next = (await res.json()) as Graphs;
        if (!stopped && wanted.current === next.range) {
          setGraphs(next);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(`Cannot refresh the graphs: ${(e as Error).message}.`);
      } finally {
        if (!stopped && first) setLoading(false);
      }
    };
    if (range !== graphs.range) void load(true);
    const timer = setInterval(() => void load(false), REFRESH_MS[range]);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [range]);
  return { graphs, error, loading };
}

export function DashboardGraphs({ initial }: { initial: Graphs }) {
  const [range, setRange] = useState<RangeName>(initial.range);
  const { graphs, error, loading } = useGraphs(initial, range);
  const stepText = graphs.step >= 3600 ? 'hourly averages' : graphs.step >= 60 ? 'minute averages' : `every ${graphs.step} s`;
  return (
    <section aria-labelledby="graphs-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="graphs-title" className="text-lg font-semibold text-slate-900">
          Graphs
        </h2>
        <RangeSwitch range={range} setRange={setRange} />
        <p className="text-sm text-slate-600" role="status" aria-live="polite">
          {loading ? 'Loading…' : `Last ${RANGE_TEXT[graphs.range]}, ${stepText}; updates every ${REFRESH_MS[graphs.range] / 1000} s.`}
        </p>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="grid gap-3 lg:grid-cols-2">
        {graphs.bandwidth.map((b) => (
          <TimeChart
            key={`bw-${b.director}`}
            title={`Network bandwidth: ${b.director}`}
            unit="B/s"
            series={b.series}
            names={b.series.map((s) => s.title.replace(`${b.director} `, '').replace(' - Received', ' RX').replace(' - Sent', ' TX'))}
          />
        ))}
        <TimeChart
          title="Load average (1 min)"
          unit=""
          series={graphs.load}
          names={graphs.load.map((s) => s.title.replace(' - Load average (1 min)', ''))}
        />
        <TimeChart
          title="Active connections: busiest services"
          unit=""
          series={graphs.connections}
          names={graphs.connections.map((s) => s.title.replace(' - Active connections', ''))}
        />
      </div>
    </section>
  );
}

function RangeSwitch({ range, setRange }: { range: RangeName; setRange: (r: RangeName) => void }) {
  return (
    <div role="group" aria-label="Range" className="flex gap-1">
      {(Object.keys(RANGE_TEXT) as RangeName[]).map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={range === r}
          onClick={() => setRange(r)}
          className={`rounded border px-2 py-1 text-sm ${range === r ? 'border-brand-700 bg-brand-700 font-semibold text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100'}`}
        >
          {r}
          <span className="sr-only"> (last {RANGE_TEXT[r]})</span>
        </button>
      ))}
    </div>
  );
}
