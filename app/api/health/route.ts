// GET /api/health - liveness for monitors; public, and says nothing about the configuration. `leader`:
// whether this console runs the background jobs (of two consoles on one database, exactly one does).
import { NextResponse } from 'next/server';
import { databaseAnswers } from '@/lib/server/platform/health';
import { isLeader } from '@/lib/server/jobs/leader';

export const dynamic = 'force-dynamic';

export async function GET() {
  if (await databaseAnswers()) return NextResponse.json({ status: 'ok', leader: isLeader() });
  return NextResponse.json({ status: 'error', message: 'database unavailable' }, { status: 503 });
}
