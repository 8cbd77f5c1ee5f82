import { redirect } from 'next/navigation';
import { requirePageUser } from '@/lib/server/auth/session';

// GET / - the console opens on System Overview
export default async function Home() {
  await requirePageUser();
  redirect('/overview');
}
