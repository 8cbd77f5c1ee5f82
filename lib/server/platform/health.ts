import 'server-only';
import { getDb } from './db-client';

/** Whether the database answers (GET /api/health). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
