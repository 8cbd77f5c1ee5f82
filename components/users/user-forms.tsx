'use client';
import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import { useFormAction } from '@/components/ui/use-form-action';
import { changeOwnPasswordAction, createUserAction, deleteUserAction, setUserRoleAction } from '@/app/(console)/maintenance/users/actions';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/lib/schemas/roles';
import { MIN_PASSWORD_LENGTH } from '@/lib/schemas/user';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: `${r}: ${ROLE_DESCRIPTIONS[r]}` }));

export function ChangePasswordForm() {
  const form = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errorFor } = useFormAction(async (f) => {
    const r = await changeOwnPasswordAction(f);
    if (r.ok) form.current?.reset();
    return r;
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      aria-label="Change your password"
      className="flex max-w-3xl flex-col gap-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">Change your password</h2>
      {state.message ? <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert> : null}
      {state.ok && state.message ? (
        <a href="/login" className="self-start font-semibold underline">
          Sign in again
        </a>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        <Field id="current" label="Current password" type="password" autoComplete="current-password" error={errorFor('current')} />
        <Field
          id="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          help={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={errorFor('password')}
        />
        <Field id="confirm" label="New password again" type="password" autoComplete="new-password" error={errorFor('confirm')} />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Changing…' : 'Change password'}
        </Button>
      </div>
    </form>
  );
}

export function NewUserForm() {
  const form = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errorFor } = useFormAction(async (f) => {
    const r = await createUserAction(f);
    if (r.ok) form.current?.reset();
    return r;
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      aria-label="New user"
      className="flex max-w-3xl flex-col gap-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">New user</h2>
      {state.message ? <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-3">
        <Field id="new-user-name" name="name" label="User name" autoComplete="off" help="e.g. nightshift" error={errorFor('name')} />
        <Select id="new-user-role" name="role" label="Role" defaultValue="read-only" options={ROLE_OPTIONS} error={errorFor('role')} />
        <Field
          id="new-user-password"
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          help={`At least ${MIN_PASSWORD_LENGTH} characters; they can change it afterwards.`}
          error={errorFor('password')}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add user'}
        </Button>
      </div>
    </form>
  );
}

/** The role of one user, changed in place; the server refuses to demote the last admin and says so. */
export function UserRole({ name, role }: { name: string; role: Role }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <div className="flex flex-col gap-1">
      <label className="sr-only" htmlFor={`role-${name}`}>
        Role of {name}
      </label>
      <select
        id={`role-${name}`}
        defaultValue={role}
        disabled={pending}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
        onChange={(e) => {
          const next = e.currentTarget.value as Role;
          const select = e.currentTarget;
          start(async () => {
            const r = await setUserRoleAction(name, next);
            setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Saved.' : 'Refused.') });
            if (!r.ok) select.value = role;
            router.refresh();
          });
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {message ? (
        <span role={message.ok ? 'status' : 'alert'} className={`text-xs ${message.ok ? 'text-green-800' : 'text-red-700'}`}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}

export function DeleteUser({ name }: { name: string }) {
  return (
    <ConfirmDelete
      name={name}
      question="They can no longer sign in. Their entries in the log stay."
      onConfirm={() => deleteUserAction(name)}
    />
  );
}
