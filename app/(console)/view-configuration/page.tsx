import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { NotBuiltYet } from '@/components/console/not-built-yet';

export const metadata: Metadata = { title: 'View Configuration' };

// GET /view-configuration
export default async function ViewConfigurationPage() {
  await requirePageUser();
  return <NotBuiltYet href="/view-configuration" />;
}
