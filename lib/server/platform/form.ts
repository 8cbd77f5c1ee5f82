// Reading HTML form fields for the domain functions (which validate them with the shared schemas).
import 'server-only';
export function formText(f: FormData, key: string): string | undefined {
  const v = f.get(key);
  return typeof v === 'string' ? v : undefined;
}

/** The last value of a repeated field (a checkbox with a hidden fallback sends two). */
export function formLast(f: FormData, key: string): FormDataEntryValue | undefined {
  return f.getAll(key).at(-1);
}
