import { type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

/**
 * Runs raw SQL and returns its rows. PGlite answers `{ rows }` and postgres.js an array;
 * services should not care which driver is behind the connection.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

// The clients' casing (client.ts), so a statement built here reads as one built by `db.execute`.
const dialect = new PgDialect({ casing: 'snake_case' });

/** The text and parameters of a statement; `sql.placeholder`s stay to be filled on each run. */
export function toQuery(statement: SQL): Query {
  return dialect.sqlToQuery(statement);
}

/**
 * `queryRows` for a statement run over and over with the same text (a ledger write), built once
 * by `toQuery` with placeholders for what changes: on PostgreSQL it is parsed once per connection
 * and then sent as a name and its parameters, and the server may keep one plan for it, where
 * `db.execute` sends the text to be parsed and planned again each time. PGlite runs it as
 * `queryRows` does.
 */
export async function queryPreparedRows<T extends Record<string, unknown>>(
  db: Executor,
  query: Query,
  values: Record<string, unknown>,
): Promise<T[]> {
  const prepared = db._.session.prepareQuery(query, undefined, 'prepared', false);
  return rowsOf<T>(await prepared.execute(values));
}

/**
 * A timestamp parameter for raw SQL. A bare `Date` works on PGlite but not through postgres.js
 * (Drizzle hands it the value unserialized and the query fails), so raw SQL passes the ISO string
 * and casts it — one way that both drivers take.
 */
export function sqlTimestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}
