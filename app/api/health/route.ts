// GET /api/health - liveness for monitors; public, and says nothing about the configuration
import { NextResponse } from 'next/server';
import { databaseAnswers } from '@/lib/server/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  if (await databaseAnswers()) return NextResponse.json({ status: 'ok' });
  return NextResponse.json({ status: 'error', message: 'database unavailable' }, { status: 503 });
}
