'use client';
import { useRef } from 'react';
import { Button } from '@/components/ui/button';

export interface Row {
  label: string;
  ip: string;
}

/** Label + IP rows (gateways, brokers) with add and remove; errors come keyed "gateways.1.ip". */
export function ServerRows({
  legend,
  what,
  prefix,
  name,
  rows,
  onChange,
  errors,
}: {
  legend: string;
  what: string;
  prefix: string;
  name: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  errors: Record<string, string>;
}) {
  const list = useRef<HTMLDivElement>(null);
  const update = (i: number, patch: Partial<Row>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => {
    onChange(rows.filter((_, j) => j !== i));
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>(`#${name}-${Math.max(0, i - 1)}-label`)?.focus());
  };
  const listError = errors[name];
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={listError ? `${name}-error` : undefined}>
      <legend className="text-sm font-semibold">{legend}</legend>
      <div ref={list} className="flex flex-col gap-2">
        {rows.map((r, i) => (
          <ServerRow
            key={i}
            name={name}
            what={what}
            i={i}
            row={r}
            errors={errors}
            update={(patch) => update(i, patch)}
            remove={rows.length > 1 ? () => remove(i) : undefined}
          />
        ))}
      </div>
      {listError ? (
        <p id={`${name}-error`} className="text-sm text-red-700">
          {listError}
        </p>
      ) : null}
      <div>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            onChange([...rows, { label: nextLabel(rows, prefix), ip: '' }]);
            requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>(`#${name}-${rows.length}-ip`)?.focus());
          }}
        >
          Add {what}
        </Button>
      </div>
    </fieldset>
  );
}

function ServerRow(p: {
  name: string;
  what: string;
  i: number;
  row: Row;
  errors: Record<string, string>;
  update: (patch: Partial<Row>) => void;
  remove?: () => void;
}) {
  const { name, what, i, row, errors, update, remove } = p;
  const What = `${what[0].toUpperCase()}${what.slice(1)}`;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <RowInput
        id={`${name}-${i}-label`}
        label={`${What} ${i + 1} label`}
        value={row.label}
        onChange={(v) => update({ label: v })}
        error={errors[`${name}.${i}.label`]}
        width="w-36"
      />
      <RowInput
        id={`${name}-${i}-ip`}
        label={`${What} ${i + 1} IP address`}
        value={row.ip}
        onChange={(v) => update({ ip: v })}
        error={errors[`${name}.${i}.ip`]}
        width="w-48"
      />
      <Button
        type="button"
        variant="secondary"
        className="mt-5"
        aria-label={`Remove ${what} ${row.label || i + 1}`}
        disabled={!remove}
        onClick={remove}
      >
        Remove
      </Button>
    </div>
  );
}

/** The first free label after the rows', e.g. GW03. */
function nextLabel(rows: Row[], prefix: string): string {
  for (let n = rows.length + 1; ; n++) {
    const label = `${prefix}${String(n).padStart(2, '0')}`;
    if (!rows.some((r) => r.label === label)) return label;
  }
}

/** One labelled input of a row, with its error under it (and tied to it for screen readers). */
function RowInput(p: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string; width: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={p.id} className="text-xs text-slate-700">
        {p.label}
      </label>
      <input
        id={p.id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${p.id}-error` : undefined}
        className={`${p.width} rounded border px-3 py-2 text-sm ${p.error ? 'border-red-600' : 'border-slate-300'}`}
      />
      {p.error ? (
        <p id={`${p.id}-error`} className="max-w-sm text-sm text-red-700">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}
