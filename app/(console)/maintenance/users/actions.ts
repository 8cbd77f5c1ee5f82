'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/platform/headers';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { changeOwnPassword, createUser, deleteUser, setUserRole } from '@/lib/server/auth/users';
import { formText as text } from '@/lib/server/platform/form';
import { roleSchema } from '@/lib/schemas/roles';
import { userNameSchema } from '@/lib/schemas/user';

const PAGE = '/maintenance/users';

// Every signed-in user may change their own password (the appliance's Passwords page).
// A change ends every session of the user, this one too: the page says so and offers the sign-in.
export const changeOwnPasswordAction = authedAction('read-only', z.tuple([actionArgs.form]), async (user, form) => {
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  await changeOwnPassword({
    name: user.name,
    address,
    input: { current: text(form, 'current') ?? '', password: text(form, 'password') ?? '', confirm: text(form, 'confirm') ?? '' },
  });
  return { ok: true, message: 'Your password was changed, and every session of yours has ended: sign in again with the new password.' };
});

export const createUserAction = authedAction('admin', z.tuple([actionArgs.form]), async ({ name: actor }, form) => {
  const u = await createUser({ input: { name: text(form, 'name'), role: text(form, 'role'), password: text(form, 'password') }, actor });
  revalidatePath(PAGE);
  return { ok: true, message: `Added ${u.name} (${u.role}).` };
});

export const setUserRoleAction = authedAction('admin', z.tuple([userNameSchema, roleSchema]), async ({ name: actor }, name, role) => {
  const u = await setUserRole({ input: { name, role }, actor });
  revalidatePath(PAGE);
  return { ok: true, message: `${u.name} is now ${u.role}.` };
});

export const deleteUserAction = authedAction('admin', z.tuple([userNameSchema]), async ({ name: actor }, name) => {
  await deleteUser({ name, actor });
  revalidatePath(PAGE);
});
