// What a server action answers a form: shared by lib/server (actions) and components (forms).
export interface ActionState {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  warnings?: string[];
  data?: unknown;
}
