/** One labelled choice of a GET filter form (the Logs page's filters): its name is its id. */
export function FilterSelect({
  id,
  label,
  value,
  all,
  options,
}: {
  id: string;
  label: string;
  value: string;
  /** The first choice, which filters nothing ("All objects"). */
  all: string;
  options: readonly (string | { value: string; label: string })[];
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm">
        <option value="">{all}</option>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </div>
  );
}
