import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'Maintenance' };

// GET /maintenance
export default async function MaintenancePage() {
  await requirePageUser();
  return <NotBuiltYet href="/maintenance" />;
}
