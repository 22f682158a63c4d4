import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from './client';

/**
 * Runs raw SQL and returns its rows. PGlite answers `{ rows }` and postgres.js an array;
 * services should not care which driver is behind the connection.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/**
 * A timestamp parameter for raw SQL. A bare `Date` works on PGlite but not through postgres.js
 * (Drizzle hands it the value unserialized and the query fails), so raw SQL passes the ISO string
 * and casts it — one way that both drivers take.
 */
export function sqlTimestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}
