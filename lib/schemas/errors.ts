import type { z } from 'zod';

export interface FieldError {
  field: string; // dotted path, e.g. "healthCheck.port"
  message: string;
}

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => {
    const field = i.path.map(String).join('.');
    let message = i.message;
    if (i.code === 'unrecognized_keys')
      message = `Unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}. Remove ${i.keys.length > 1 ? 'them' : 'it'}.`;
    if (i.code === 'invalid_type' && i.input === undefined) message = `${field || 'This field'} is required.`;
    return { field: field || (i.code === 'unrecognized_keys' ? i.keys[0] : ''), message };
  });
}
