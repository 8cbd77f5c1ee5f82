import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'Support' };

// GET /support
export default async function SupportPage() {
  await requirePageUser();
  return <NotBuiltYet href="/support" />;
}
