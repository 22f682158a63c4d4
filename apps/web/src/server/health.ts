import 'server-only';
import { queryRows } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { getDatabase } from './db';

export type HealthResult =
  | { status: 'ok'; database: 'pglite' | 'postgres'; latencyMs: number }
  | { status: 'error'; database: 'unreachable'; reason: string };

export async function checkDatabase(): Promise<HealthResult> {
  const started = performance.now();
  try {
    const { db, driver } = await getDatabase();
    await queryRows(db, sql`select 1 as ok`);
    return { status: 'ok', database: driver, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The reason is a class name, not the message: messages can carry connection strings.
    return { status: 'error', database: 'unreachable', reason: (error as Error).name };
  }
}
