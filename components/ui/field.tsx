import { describedBy, FieldNotes } from './field-notes';
import type { InputHTMLAttributes } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  help?: string;
  error?: string;
}

/** A labelled input whose help text and error are announced by screen readers. */
export function Field({ id, label, help, error, className = '', ...input }: FieldProps) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, help, error)}
        className={`rounded border px-3 py-2 text-sm ${error ? 'border-red-600' : 'border-slate-300'}`}
        {...input}
      />
      <FieldNotes id={id} help={help} error={error} />
    </div>
  );
}
