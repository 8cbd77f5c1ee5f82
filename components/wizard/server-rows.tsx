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
  const nextLabel = () => {
    for (let n = rows.length + 1; ; n++) {
      const label = `${prefix}${String(n).padStart(2, '0')}`;
      if (!rows.some((r) => r.label === label)) return label;
    }
  };
  const listError = errors[name];
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={listError ? `${name}-error` : undefined}>
      <legend className="text-sm font-semibold">{legend}</legend>
      <div ref={list} className="flex flex-col gap-2">
        {rows.map((r, i) => {
          const labelError = errors[`${name}.${i}.label`];
          const ipError = errors[`${name}.${i}.ip`];
          return (
            <div key={i} className="flex flex-wrap items-start gap-2">
              <div className="flex flex-col gap-1">
                <label
                  htmlFor={`${name}-${i}-label`}
                  className="text-xs text-slate-700"
                >{`${what[0].toUpperCase()}${what.slice(1)} ${i + 1} label`}</label>
                <input
                  id={`${name}-${i}-label`}
                  value={r.label}
                  onChange={(e) => update(i, { label: e.target.value })}
                  aria-invalid={labelError ? true : undefined}
                  aria-describedby={labelError ? `${name}-${i}-label-error` : undefined}
                  className={`w-36 rounded border px-3 py-2 text-sm ${labelError ? 'border-red-600' : 'border-slate-300'}`}
                />
                {labelError ? (
                  <p id={`${name}-${i}-label-error`} className="max-w-xs text-sm text-red-700">
                    {labelError}
                  </p>
                ) : null}
              </div>
              <div className="flex flex-col gap-1">
                <label
                  htmlFor={`${name}-${i}-ip`}
                  className="text-xs text-slate-700"
                >{`${what[0].toUpperCase()}${what.slice(1)} ${i + 1} IP address`}</label>
                <input
                  id={`${name}-${i}-ip`}
                  value={r.ip}
                  onChange={(e) => update(i, { ip: e.target.value })}
                  aria-invalid={ipError ? true : undefined}
                  aria-describedby={ipError ? `${name}-${i}-ip-error` : undefined}
                  className={`w-48 rounded border px-3 py-2 text-sm ${ipError ? 'border-red-600' : 'border-slate-300'}`}
                />
                {ipError ? (
                  <p id={`${name}-${i}-ip-error`} className="max-w-sm text-sm text-red-700">
                    {ipError}
                  </p>
                ) : null}
              </div>
              <Button
                type="button"
                variant="secondary"
                className="mt-5"
                aria-label={`Remove ${what} ${r.label || i + 1}`}
                disabled={rows.length === 1}
                onClick={() => {
                  onChange(rows.filter((_, j) => j !== i));
                  requestAnimationFrame(() =>
                    list.current?.querySelector<HTMLInputElement>(`#${name}-${Math.max(0, i - 1)}-label`)?.focus(),
                  );
                }}
              >
                Remove
              </Button>
            </div>
          );
        })}
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
            onChange([...rows, { label: nextLabel(), ip: '' }]);
            requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>(`#${name}-${rows.length}-ip`)?.focus());
          }}
        >
          Add {what}
        </Button>
      </div>
    </fieldset>
  );
}
