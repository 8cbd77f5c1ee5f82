export function Fieldset({ legend, children }: { legend: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded border border-slate-200 bg-white p-4">
      <legend className="px-1 text-sm font-semibold text-brand-800">{legend}</legend>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">{children}</div>
    </fieldset>
  );
}
