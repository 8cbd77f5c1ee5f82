import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getLeostreamSetup } from '@/lib/server/leostream/wizard';
import { roleAllows } from '@/lib/schemas/roles';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { LeostreamWizard } from '@/components/wizard/leostream-wizard';

export const metadata: Metadata = { title: 'Leostream Wizard' };

// GET /cluster-configuration/leostream
export default async function LeostreamWizardPage() {
  const user = await requirePageUser();
  const setup = await getLeostreamSetup();
  return (
    <section aria-labelledby="page-title" className="flex max-w-5xl flex-col gap-6">
      <PageHeader
        title="Leostream Wizard"
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
        actions={
          setup.exists ? (
            <LinkButton href="/cluster-configuration/leostream/checklist" variant="secondary">
              Leostream checklist
            </LinkButton>
          ) : undefined
        }
      />
      <p className="text-sm text-slate-700">
        {setup.exists
          ? 'A Leostream deployment exists (GW_VIP_L4). The wizard starts from its current settings: what you change edits those services and real servers; nothing is duplicated.'
          : 'From an empty console to the deployment guide’s Leostream setup: the gateway service, the broker service when the brokers are clustered, their real servers and health checks, and for NAT the real servers’ default gateway. You review every change before it is saved.'}
      </p>
      <LeostreamWizard
        initial={setup.input}
        exists={setup.exists}
        keptPorts={setup.keptPorts}
        canEdit={roleAllows(user.role, 'admin')}
        canVerify={roleAllows(user.role, 'operator')}
      />
    </section>
  );
}
