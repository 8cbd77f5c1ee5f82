// A form field's text (a File, or a missing field, reads as empty).
export function fieldText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}
