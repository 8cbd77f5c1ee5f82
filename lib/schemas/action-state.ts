// What a server action answers a form: shared by lib/server (actions) and components (forms).
export interface ActionState<T = unknown> {
  ok: boolean;
  /** The error vocabulary's code when it failed (FORBIDDEN, VALIDATION_FAILED, ...). */
  code?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
  warnings?: string[];
  data?: T;
}

/** The data a server action answers with, as its component sees it (no DTO types declared twice). */
export type ActionData<F extends (...args: never[]) => Promise<ActionState<unknown>>> = NonNullable<Awaited<ReturnType<F>>['data']>;
