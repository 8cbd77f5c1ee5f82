import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'Reports' };

// GET /reports
export default async function ReportsPage() {
  await requirePageUser();
  return <NotBuiltYet href="/reports" />;
}
