import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'Cluster Configuration' };

// GET /cluster-configuration
export default async function ClusterConfigurationPage() {
  await requirePageUser();
  return <NotBuiltYet href="/cluster-configuration" />;
}
