// Turns schema failures into the one error vocabulary (VALIDATION_FAILED, with the field).
import type { z } from 'zod';
import { zodFieldErrors, type FieldError } from '../../schemas/errors';
import { AppError } from './errors';

const MESSAGE_FIELDS = 20;

export class ValidationError extends AppError {
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    // A 10,000-service document can have thousands of errors: the message names the first ones, `fields` has them all.
    const shown = fields.slice(0, MESSAGE_FIELDS).map((f) => (f.field ? `${f.field}: ${f.message}` : f.message));
    if (fields.length > MESSAGE_FIELDS) shown.push(`... and ${fields.length - MESSAGE_FIELDS} more (all of them are in "fields").`);
    super('VALIDATION_FAILED', shown.join(' '), { field: fields[0]?.field });
    this.fields = fields;
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(zodFieldErrors(r.error));
  return r.data;
}

export function staleVersion(what: string): AppError {
  return new AppError(
    'STALE_VERSION',
    `${what} was changed by someone else since you opened it. Reload it, check the changes, and make your edit again.`,
    { field: 'version' },
  );
}
