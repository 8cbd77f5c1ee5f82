// Errors map to HTTP in one place: a director's own failure is a gateway error with its message,
// never a 400 or a 500; unknown errors never leak their text.
import { describe, expect, it, vi } from 'vitest';
import { AppError, toErrorBody } from './errors';
import { DirectorError } from '../../director/errors';

describe('toErrorBody', () => {
  it.each([
    ['unreachable', 502, 'DIRECTOR_UNREACHABLE'],
    ['timeout', 504, 'DIRECTOR_TIMEOUT'],
    ['dropped', 502, 'DIRECTOR_FAILED'],
    ['auth', 502, 'DIRECTOR_FAILED'],
    ['command', 502, 'DIRECTOR_FAILED'],
    ['host-key-changed', 409, 'CONFLICT'],
  ] as const)('a director that is %s answers %i %s with the director’s message', (reason, status, code) => {
    const r = toErrorBody(new DirectorError(reason, 'Cannot reach director1 at 127.0.0.1:1: connect ECONNREFUSED.'));
    expect(r).toEqual({ status, body: { error: { code, message: 'Cannot reach director1 at 127.0.0.1:1: connect ECONNREFUSED.' } } });
  });

  it('keeps the code and field of the console’s own errors, and hides the text of anything else', () => {
    expect(toErrorBody(new AppError('PAYLOAD_TOO_LARGE', 'too big'))).toEqual({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'too big' } },
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(toErrorBody(new Error('SQLITE_BUSY at /secret/path'))).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'Internal error; the server log has the details.' } },
    });
    log.mockRestore();
  });
});
