import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'Local Configuration' };

// GET /local-configuration
export default async function LocalConfigurationPage() {
  await requirePageUser();
  return <NotBuiltYet href="/local-configuration" />;
}
