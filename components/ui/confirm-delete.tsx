'use client';
import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionState } from '@/lib/schemas/action-state';

/** A Delete button that asks first, in a modal dialog, and shows the server's refusal if any. */
export function ConfirmDelete({ name, question, onConfirm }: { name: string; question: string; onConfirm: () => Promise<ActionState> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
        className="text-sm text-red-700 underline"
        aria-label={`Delete ${name}`}
      >
        Delete
      </button>
      <dialog ref={dialog} aria-labelledby={`confirm-${name}`} className="m-auto rounded-lg p-6 shadow-xl backdrop:bg-black/40">
        <h2 id={`confirm-${name}`} className="mb-2 text-lg font-semibold">
          Delete {name}?
        </h2>
        <p className="mb-4 max-w-md text-sm text-slate-700">{question}</p>
        {error ? (
          <p role="alert" className="mb-4 max-w-md text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => dialog.current?.close()} className="rounded border border-slate-300 px-4 py-2 text-sm">
            Cancel
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const r = await onConfirm();
                if (r.ok) {
                  dialog.current?.close();
                  router.refresh();
                } else setError(r.message ?? 'The server refused; nothing was deleted.');
              })
            }
            className="rounded bg-red-700 px-4 py-2 text-sm text-white hover:bg-red-800"
          >
            {pending ? 'Deleting…' : `Delete ${name}`}
          </button>
        </div>
      </dialog>
    </>
  );
}
