import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { DatabaseHandle } from './client';
import { migrations } from './migrations.generated';

// drizzle's dialect migrator is what drizzle-orm/*/migrator call after reading the folder;
// calling it with the embedded list keeps the same bookkeeping table and hashes.
interface DrizzleInternals {
  dialect: { migrate(m: unknown[], session: unknown, config: object): Promise<void> };
  session: unknown;
}

const MIGRATION_CONFIG = {
  migrationsFolder: '',
  migrationsSchema: 'drizzle',
  migrationsTable: '__drizzle_migrations',
};
// Any fixed 64-bit key; it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 727_001_2026;

/**
 * Applies pending migrations. On PostgreSQL several app instances may start at once, so the
 * run holds a session advisory lock on a dedicated connection; PGlite is single-process.
 */
export async function migrate(handle: DatabaseHandle, url?: string): Promise<void> {
  if (handle.driver === 'pglite' || !url) {
    await runMigrations(handle.db);
    return;
  }
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await runMigrations(drizzlePostgres({ client }));
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function runMigrations(db: unknown): Promise<void> {
  const internals = db as DrizzleInternals;
  await internals.dialect.migrate([...migrations], internals.session, MIGRATION_CONFIG);
}

export const migrationCount = migrations.length;
