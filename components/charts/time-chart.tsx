'use client';
// One time-series chart (uPlot, on a canvas) with its text alternative: the same numbers as a table,
// behind a disclosure button, and a CSV download of each series. Lines differ by dash pattern as well
// as colour, and the legend names each one, so nothing is told by colour alone.
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '@/lib/schemas/metrics';

const COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490'];
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 6]];

/** 1234567 -> "1.23 M" (SI prefixes), small values with up to 2 decimals. */
export function formatValue(v: number | null, unit = ''): string {
  if (v === null || !Number.isFinite(v)) return '';
  const abs = Math.abs(v);
  const [div, p] = abs >= 1e9 ? [1e9, ' G'] : abs >= 1e6 ? [1e6, ' M'] : abs >= 1e3 ? [1e3, ' k'] : [1, unit ? ' ' : ''];
  const n = v / div;
  const text = Number.isInteger(n) ? String(n) : n.toFixed(abs >= 100 && div === 1 ? 0 : 2);
  return `${text}${p}${unit}`.trim();
}

/** The table's numbers: exact, two decimals at most (the chart's axis rounds; the table must not). */
export const formatExact = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export const formatTime = (t: number, step: number) => {
  const d = new Date(t * 1000);
  return step >= 3600
    ? d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
    : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
};

/** The series on one time axis: [times, values of series 1, values of series 2, ...] (the averages). */
export function alignSeries(series: Series[]): [number[], ...(number | null)[][]] {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const byT = new Map(s.points.map((p) => [p[0], p[2]]));
    return times.map((t) => byT.get(t) ?? null);
  });
  return [times, ...columns];
}

function csvHref(s: Series): string {
  const q = new URLSearchParams({
    target: s.target,
    metric: s.metric,
    from: String(s.from),
    to: String(s.to),
    step: String(s.step),
    format: 'csv',
  });
  return `/api/v1/reports/series?${q}`;
}

export function TimeChart({
  title,
  series,
  unit,
  names,
  height = 180,
}: {
  title: string;
  series: Series[];
  unit: string;
  names?: string[];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [tableOpen, setTableOpen] = useState(false);
  const data = useMemo(() => alignSeries(series), [series]);
  const labels = useMemo(() => series.map((s, i) => names?.[i] ?? s.title), [series, names]);
  const step = series[0]?.step ?? 10;
  const hasData = data.slice(1).some((col) => col.some((v) => v !== null));
  // The x axis spans the range asked for (not only the data), the y axis starts at 0: every figure here is 0 or more.
  const span = useRef<[number, number] | null>(null);
  useEffect(() => {
    span.current = series[0] ? [series[0].from, series[0].to] : null;
  }, [series]);

  useUplot(box, span, data, { labels, height, unit, step });

  const id = useMemo(() => `chart-${title.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}`, [title]);
  const latest = labels.map((l, i) => {
    const col = data[i + 1] as (number | null)[];
    const last = [...col].reverse().find((v) => v !== null) ?? null;
    return `${l}: ${last === null ? 'no data' : formatValue(last, unit)}`;
  });

  return (
    <figure
      className="flex flex-col gap-2 rounded border border-slate-300 bg-white p-3"
      aria-labelledby={`${id}-title`}
      data-testid="time-chart"
    >
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </figcaption>
      <div
        ref={box}
        role="img"
        aria-label={`${title}. Latest: ${latest.join('; ')}. The numbers are in the table below.`}
        className="w-full"
      />
      <Legend labels={labels} />
      {!hasData ? (
        <p className="text-sm text-slate-700">
          No data in this range yet: the console records every 10 s while it can reach the directors.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          aria-expanded={tableOpen}
          aria-controls={`${id}-table`}
          onClick={() => setTableOpen((o) => !o)}
          className="underline"
        >
          {tableOpen ? 'Hide the table' : 'Show as a table'}
        </button>
        {series.map((s, i) => (
          <a key={s.target + s.metric} href={csvHref(s)} download className="underline">
            CSV: {labels[i]}
          </a>
        ))}
      </div>
      {tableOpen ? <ChartTable id={id} title={title} unit={unit} step={step} labels={labels} data={data} /> : null}
    </figure>
  );
}

/** The uPlot chart in `box`: created once per set of lines; new points only update the data (live extension keeps zoom and focus). */
function useUplot(
  box: React.RefObject<HTMLDivElement | null>,
  span: React.RefObject<[number, number] | null>,
  data: uPlot.AlignedData,
  o: { labels: string[]; height: number; unit: string; step: number },
) {
  const plot = useRef<uPlot | null>(null);
  const { labels, height, unit, step } = o;
  const shape = labels.join('\u0000');
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 280),
      height,
      scales: {
        x: { time: true, range: (_u, min, max) => span.current ?? [min, max] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      // The legend is ours (a list beside the chart): uPlot's is a table that would mix with the page's tables.
      legend: { show: false },
      series: [
        { label: 'Time', value: (_u, v) => (v === null ? '' : formatTime(v, step)) },
        ...labels.map((label, i) => ({
          label,
          stroke: COLOURS[i % COLOURS.length],
          dash: DASHES[i % DASHES.length],
          width: 1.5,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(v, unit),
        })),
      ],
      axes: [{}, { size: 80, values: (_u, vals) => vals.map((v) => formatValue(v, unit)) }],
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 280), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height, unit, step]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
}

/** The chart's numbers, for keyboard and screen-reader users. */
function ChartTable({
  id,
  title,
  unit,
  step,
  labels,
  data,
}: {
  id: string;
  title: string;
  unit: string;
  step: number;
  labels: string[];
  data: ReturnType<typeof alignSeries>;
}) {
  return (
    <div id={`${id}-table`} className="max-h-80 overflow-auto" tabIndex={0} role="region" aria-label={`${title}, as a table`}>
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">
          {title}
          {unit ? ` (${unit})` : ''}, one row per {step} s{step > 10 ? ' (averages)' : ''}
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="px-2 py-1">
              Time
            </th>
            {labels.map((l) => (
              <th key={l} scope="col" className="px-2 py-1">
                {l}
                {unit ? ` (${unit})` : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data[0].map((t, row) => (
            <tr key={t} className="border-b border-slate-100">
              <th scope="row" className="px-2 py-0.5 text-left font-normal">
                <time dateTime={new Date(t * 1000).toISOString()}>{formatTime(t, step)}</time>
              </th>
              {labels.map((l, i) => {
                const v = (data[i + 1] as (number | null)[])[row];
                return (
                  <td key={l} className="px-2 py-0.5 tabular-nums">
                    {v === null ? 'no data' : formatExact(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The lines, each with its colour and dash (never colour alone). */
function Legend({ labels }: { labels: string[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Lines">
      {labels.map((l, i) => (
        <li key={l} className="flex items-center gap-1">
          <svg width="28" height="8" aria-hidden="true">
            <line
              x1="0"
              y1="4"
              x2="28"
              y2="4"
              stroke={COLOURS[i % COLOURS.length]}
              strokeWidth="2"
              strokeDasharray={DASHES[i % DASHES.length]?.join(' ')}
            />
          </svg>
          {l}
        </li>
      ))}
    </ul>
  );
}
