import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getConsoleSettings } from '@/lib/server/config/settings';
import { natRealServerAddresses } from '@/lib/server/config/real-servers';
import { roleAllows } from '@/lib/schemas/roles';
import { PageHeader } from '@/components/ui/page-header';
import { AutoNatForm } from '@/components/settings/auto-nat-form';
import { DrainBehaviourForm } from '@/components/settings/drain-behaviour-form';
import { CheckTimingForm } from '@/components/settings/check-timing-form';

export const metadata: Metadata = { title: 'Layer 4 Advanced Configuration' };

// GET /cluster-configuration/layer4-advanced - health-check timing, drain behaviour and Auto-NAT (admins change them)
export default async function Layer4AdvancedPage() {
  const user = await requirePageUser();
  const [settings, natRealServers] = await Promise.all([getConsoleSettings(), natRealServerAddresses()]);
  const canEdit = roleAllows(user.role, 'admin');
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader title="Layer 4 Advanced Configuration" crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]} />
      <CheckTimingForm current={settings.checkTiming} quiescent={settings.quiescent} canEdit={canEdit} />
      <DrainBehaviourForm current={settings.drainPersistentClients} canEdit={canEdit} />
      <AutoNatForm current={settings.autoNatInterface} natRealServers={natRealServers} canEdit={canEdit} />
    </section>
  );
}
