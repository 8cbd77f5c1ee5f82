// What can go wrong when talking to a director. lib/server maps each reason to an HTTP status
// (lib/server/platform/errors.ts); the message is written for the admin: what happened and what to do.
export type DirectorErrorReason = 'unreachable' | 'auth' | 'host-key-changed' | 'timeout' | 'dropped' | 'command';

export class DirectorError extends Error {
  constructor(
    readonly reason: DirectorErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'DirectorError';
  }

  /** The connection is gone (or never came): nothing more can be done on that director now. */
  get connectionLost(): boolean {
    return this.reason === 'dropped' || this.reason === 'unreachable';
  }
}
