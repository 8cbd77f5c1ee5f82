'use client';
import { useState, useTransition, type FormEvent } from 'react';
import type { ActionState } from '@/lib/schemas/action-state';

/**
 * Submits a form to a server action without React's automatic form reset, so that what the admin
 * typed stays in the form when the server refuses it.
 */
export function useFormAction(action: (form: FormData) => Promise<ActionState>) {
  const [state, setState] = useState<ActionState>({ ok: false });
  const [pending, startTransition] = useTransition();
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(async () => {
      setState(await action(form));
    });
  }
  const errorFor = (field: string) => state.fieldErrors?.[field];
  return { state, pending, onSubmit, errorFor };
}

/** A field's error message, or undefined: what a form's parts get to show theirs. */
export type ErrorFor = (field: string) => string | undefined;
