import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'System Overview' };

// GET /overview
export default async function SystemOverviewPage() {
  await requirePageUser();
  return <NotBuiltYet href="/overview" />;
}
