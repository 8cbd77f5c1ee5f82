'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { PlanChanges, RefusalAlert } from '@/components/maintenance/plan-changes';
import { importAction, previewImportAction } from '@/app/(console)/maintenance/import/actions';
import type { ActionData } from '@/lib/schemas/action-state';
import {
  IMPORT_FORMAT_LABELS,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  tooLargeMessage,
  type ImportFormat,
  type ImportSource,
} from '@/lib/schemas/import-source';

type Result = ActionData<typeof previewImportAction>;

/** Directors the console may read from (host key confirmed), and the others, which it names. */
export interface ImportDirector {
  name: string;
  confirmed: boolean;
}

/** The lines of a refusal: its message, then each field's. */
function refusal(r: { message?: string; fieldErrors?: Record<string, string> }, fallback: string): string[] {
  return [r.message ?? fallback, ...Object.entries(r.fieldErrors ?? {}).map(([f, m]) => `${f}: ${m}`)];
}

interface ImportFormProps {
  mergeExplanation: string;
  directors: ImportDirector[];
  /** The page's cluster, where a file's services land (a director's land in its own). */
  clusterId: string;
}

export function ImportForm({ mergeExplanation, directors, clusterId }: ImportFormProps) {
  const [format, setFormat] = useState<ImportFormat>('keepalived');
  const [director, setDirector] = useState(directors.find((d) => d.confirmed)?.name ?? '');
  const [source, setSource] = useState<ImportSource | null>(null);
  const [merge, setMerge] = useState<string[]>([]);
  const [preview, setPreview] = useState<Result | null>(null);
  const [error, setError] = useState<string[] | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  const check = (from: ImportSource, chosen: string[]) =>
    startTransition(async () => {
      setError(null);
      const r = await previewImportAction(from, chosen, clusterId);
      if (r.ok) setPreview(r.data ?? null);
      else {
        setPreview(null);
        setError(refusal(r, 'The file was refused.'));
      }
    });

  async function onFile(file: File | undefined) {
    setPreview(null);
    setDone(null);
    setMerge([]);
    if (!file) return;
    // Refused here before anything is sent (the server refuses it too).
    if (file.size > IMPORT_MAX_BYTES) {
      setSource(null);
      setError([tooLargeMessage(file.size)]);
      return;
    }
    const from: ImportSource = { kind: 'file', format, text: await file.text() };
    setSource(from);
    check(from, []);
  }

  function fromDirector() {
    setPreview(null);
    setDone(null);
    setMerge([]);
    const from: ImportSource = { kind: 'director', director };
    setSource(from);
    check(from, []);
  }

  const plan = preview?.plan;
  const runImport = () =>
    startTransition(async () => {
      const r = await importAction(source!, merge, clusterId);
      if (r.ok) setDone(r.data ?? null);
      else setError(refusal(r, 'The import was refused; nothing was changed.'));
    });
  return (
    <div className="flex max-w-3xl flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      <FileSource format={format} setFormat={setFormat} onFile={(f) => void onFile(f)} />
      <DirectorSource directors={directors} director={director} setDirector={setDirector} pending={pending} read={fromDirector} />
      {pending && !preview ? (
        <p role="status">{source?.kind === 'director' ? `Reading ${source.director}'s keepalived.conf…` : 'Reading the file…'}</p>
      ) : null}
      {error ? <RefusalAlert lines={error} /> : null}
      {preview && plan && !done ? (
        <ImportPreview
          preview={preview}
          plan={plan}
          merge={merge}
          setMerge={setMerge}
          recheck={(next) => check(source!, next)}
          mergeExplanation={mergeExplanation}
          pending={pending}
          runImport={runImport}
        />
      ) : null}
      {done ? (
        <Alert kind="success">
          Imported: {done.plan.create.length} added, {done.plan.update.length} changed, {done.plan.delete.length} removed. Review them under
          Cluster Configuration, then apply.
        </Alert>
      ) : null}
    </div>
  );
}

function FileSource({
  format,
  setFormat,
  onFile,
}: {
  format: ImportFormat;
  setFormat: (f: ImportFormat) => void;
  onFile: (f: File | undefined) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-semibold">Upload a file</legend>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Format</span>
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value as ImportFormat)}
          className="self-start rounded border border-slate-300 bg-white px-2 py-1"
        >
          {IMPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {IMPORT_FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor="import-file" className="text-sm font-medium">
        File
      </label>
      <input
        id="import-file"
        type="file"
        onChange={(e) => {
          onFile(e.target.files?.[0]);
          e.target.value = '';
        }}
        className="text-sm"
      />
      <p className="text-xs text-slate-600">
        An uploaded keepalived.conf cannot include others: paste the included files in its place, or read it from the director.
      </p>
    </fieldset>
  );
}

function DirectorSource(p: {
  directors: ImportDirector[];
  director: string;
  setDirector: (d: string) => void;
  pending: boolean;
  read: () => void;
}) {
  const { directors, director, setDirector, pending } = p;
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-semibold">Or read it from a director</legend>
      {directors.length === 0 ? (
        <p className="text-sm text-slate-700">No director yet: add it under Local Configuration &gt; Directors and confirm its host key.</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Director</span>
            <select
              value={director}
              onChange={(e) => setDirector(e.target.value)}
              className="rounded border border-slate-300 bg-white px-2 py-1"
            >
              {directors.map((d) => (
                <option key={d.name} value={d.name} disabled={!d.confirmed}>
                  {d.name}
                  {d.confirmed ? '' : ' (host key not confirmed)'}
                </option>
              ))}
            </select>
          </label>
          <Button type="button" disabled={pending || !director} onClick={p.read}>
            Read its keepalived.conf
          </Button>
        </div>
      )}
    </fieldset>
  );
}

/** What the import would change, the merges on offer, the notes, and the Import button. */
function ImportPreview(p: {
  preview: Result;
  plan: Result['plan'];
  merge: string[];
  setMerge: (m: string[]) => void;
  recheck: (merge: string[]) => void;
  mergeExplanation: string;
  pending: boolean;
  runImport: () => void;
}) {
  const { preview, plan, merge, pending, mergeExplanation } = p;
  const changes = plan.create.length + plan.update.length + plan.delete.length;
  return (
    <section aria-label="What the import changes" className="flex flex-col gap-3 text-sm">
      <p>
        {preview.services} services with {preview.realServers} real servers in the file.
      </p>
      {preview.merges.length ? (
        <fieldset className="rounded border border-slate-200 p-3">
          <legend className="px-1 font-semibold">One multi-port service instead of one per port?</legend>
          <p className="mb-2 text-slate-700">{mergeExplanation}</p>
          {preview.merges.map((m) => (
            <label key={m.labels[0]} className="flex items-start gap-2">
              <input
                type="checkbox"
                checked={merge.includes(m.labels[0])}
                disabled={pending}
                onChange={(e) => {
                  const next = e.target.checked ? [...merge, m.labels[0]] : merge.filter((l) => l !== m.labels[0]);
                  p.setMerge(next);
                  p.recheck(next);
                }}
              />
              <span>
                {m.labels.join(', ')} as one {m.protocol.toUpperCase()} service on {m.ip}, ports {m.ports}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <PlanChanges plan={plan} />
      {preview.notes.length ? (
        <div>
          <h3 className="font-semibold">Notes ({preview.notes.length})</h3>
          <ul className="max-h-64 list-disc overflow-auto pl-5">
            {preview.notes.map((n, i) => (
              <li key={i}>
                line {n.line}: {n.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <Button type="button" variant={plan.delete.length ? 'danger' : 'primary'} disabled={pending || changes === 0} onClick={p.runImport}>
          {pending ? 'Importing…' : changes === 0 ? 'Nothing to import' : 'Import'}
        </Button>
      </div>
    </section>
  );
}
