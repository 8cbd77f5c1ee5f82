import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { listUsers } from '@/lib/server/auth/users';
import { PageHeader } from '@/components/ui/page-header';
import { ChangePasswordForm, DeleteUser, NewUserForm, UserRole } from '@/components/users/user-forms';
import { ROLE_DESCRIPTIONS, ROLES, roleAllows } from '@/lib/schemas/roles';
import { TableHead } from '@/components/ui/table-head';

export const metadata: Metadata = { title: 'Users' };

// GET /maintenance/users - change your own password; admins add and remove users and set roles
export default async function UsersPage() {
  const me = await requirePageUser();
  const admin = roleAllows(me.role, 'admin');
  const users = admin ? await listUsers() : [];
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader title="Users" crumbs={[{ href: '/maintenance', label: 'Maintenance' }]} />
      <p className="max-w-3xl text-sm text-slate-700">
        You are signed in as <strong>{me.name}</strong> with the <strong>{me.role}</strong> role.
      </p>
      <ChangePasswordForm />
      <section aria-labelledby="roles-title" className="max-w-3xl text-sm">
        <h2 id="roles-title" className="mb-1 font-semibold">
          Roles
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          {ROLES.map((r) => [
            <dt key={`t${r}`} className="font-medium">
              {r}
            </dt>,
            <dd key={`d${r}`}>{ROLE_DESCRIPTIONS[r]}</dd>,
          ])}
        </dl>
        <p className="mt-1 text-slate-600">
          API keys have the same roles: <code>npm run cli -- api-key create --name NAME --role read-only|operator|admin</code> (read-only
          unless you say otherwise).
        </p>
      </section>
      {admin ? (
        <>
          <table className="w-full max-w-3xl border-collapse bg-white text-sm">
            <caption className="sr-only">Users</caption>
            <TableHead columns={['User', 'Role', 'Added', 'Actions']} />
            <tbody>
              {users.map((u) => (
                <tr key={u.name} className="border-b border-slate-200">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {u.name}
                    {u.name === me.name ? ' (you)' : ''}
                  </th>
                  <td className="px-3 py-2">
                    <UserRole name={u.name} role={u.role} />
                  </td>
                  <td className="px-3 py-2">{u.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="px-3 py-2">
                    <DeleteUser name={u.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <NewUserForm />
        </>
      ) : (
        <p className="max-w-3xl text-sm text-slate-700">Only admins add and remove users and change roles.</p>
      )}
    </section>
  );
}
