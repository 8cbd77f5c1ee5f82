interface CheckboxProps {
  id: string;
  label: string;
  help?: string;
  error?: string;
  defaultChecked?: boolean;
}

/** A checkbox that always submits a value ("false" when unchecked), so a form can clear it. */
export function Checkbox({ id, label, help, error, defaultChecked }: CheckboxProps) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <input type="hidden" name={id} value="false" />
        <input
          id={id}
          name={id}
          type="checkbox"
          value="true"
          defaultChecked={defaultChecked}
          aria-describedby={help ? `${id}-help` : undefined}
          className="h-4 w-4"
        />
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
      </div>
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-600">
          {help}
        </p>
      ) : null}
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
