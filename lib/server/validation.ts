// Turns schema failures into the one error vocabulary (VALIDATION_FAILED, with the field).
import type { z } from 'zod';
import { zodFieldErrors, type FieldError } from '../schemas/errors';
import { AppError } from './errors';

export class ValidationError extends AppError {
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super('VALIDATION_FAILED', fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join(' '), { field: fields[0]?.field });
    this.fields = fields;
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(zodFieldErrors(r.error));
  return r.data;
}

export function staleVersion(what: string): AppError {
  return new AppError('STALE_VERSION', `${what} was changed by someone else since you opened it. Reload it, check the changes, and make your edit again.`, { field: 'version' });
}
