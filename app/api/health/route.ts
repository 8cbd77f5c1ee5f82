// GET /api/health - liveness for monitors; public, and says nothing about the configuration
import { NextResponse } from 'next/server';
import { getDb } from '@/lib/server/db-client';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return NextResponse.json({ status: 'ok' });
  } catch {
    return NextResponse.json({ status: 'error', message: 'database unavailable' }, { status: 503 });
  }
}
