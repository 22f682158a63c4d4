import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { migrate } from './migrate';
import { migrations } from './migrations.generated';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a service can run queries on: the database itself or an open transaction. */
export type Executor = Database | Transaction;

export type Driver = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL. When absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory, or `memory://` for an in-memory database. */
  dataDir?: string | undefined;
  /** Pool size for postgres.js. */
  maxConnections?: number | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean | undefined;
}

/** Opens PostgreSQL (postgres.js) when a URL is given, PGlite otherwise, and migrates it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (!options.url && isInMemory(options) && options.migrate !== false) return openMigratedInMemory();
  const handle = options.url
    ? openPostgres(options.url, options.maxConnections ?? 10)
    : await openPglite(options);
  if (options.migrate !== false) {
    try {
      await migrate(handle, options.url);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

function openPostgres(url: string, max: number): DatabaseHandle {
  const client = postgres(url, { max, onnotice: () => {} });
  return {
    db: drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Database,
    driver: 'postgres',
    close: () => client.end({ timeout: 5 }),
  };
}

const isInMemory = (options: OpenDatabaseOptions) => (options.dataDir ?? 'memory://').startsWith('memory://');

/**
 * A migrated in-memory database. Creating PGlite (its initdb) and running every migration takes
 * ~5 s of CPU, and the test suite opens hundreds of them across ~60 files, each in its own
 * process, so the first open anywhere migrates once and writes a dump of the result to the temp
 * directory, named by a hash of the migrations; later databases, in this process or another,
 * start from that dump (the same schema and migration bookkeeping, nothing else in it) in ~1.5 s.
 */
let migratedSnapshot: Promise<Blob> | undefined;

/** Where the migrated dump is kept; the name changes whenever a migration does. */
export function migratedDumpPath(): string {
  return join(tmpdir(), `bithedge-pglite-${migrationsFingerprint()}.tar`);
}

async function openMigratedInMemory(): Promise<DatabaseHandle> {
  const file = migratedDumpPath();
  migratedSnapshot ??= readFile(file).then(
    (bytes) => new Blob([bytes]),
    () => makeSnapshot(file),
  );
  // A failed first migration is not cached: the next open tries again and reports its own error.
  const snapshot = await migratedSnapshot.catch((error: unknown) => {
    migratedSnapshot = undefined;
    throw error;
  });
  try {
    return pgliteHandle(await PGlite.create({ loadDataDir: snapshot }));
  } catch {
    // A dump this PGlite build cannot load (one from an older build, say): make a new one.
    migratedSnapshot = makeSnapshot(file);
    return pgliteHandle(await PGlite.create({ loadDataDir: await migratedSnapshot }));
  }
}

async function makeSnapshot(file: string): Promise<Blob> {
  const client = await PGlite.create('memory://');
  try {
    await migrate(pgliteHandle(client));
    const snapshot = await client.dumpDataDir('none');
    // Written under a unique name, then renamed: a concurrent reader never sees half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await snapshot.arrayBuffer()));
    await rename(partial, file).catch(() => rm(partial, { force: true }));
    return snapshot;
  } finally {
    await client.close();
  }
}

let fingerprint: string | undefined;

/** Changes whenever a migration does, so a dump of an older schema is never loaded. */
export function migrationsFingerprint(): string {
  // Hashed once per process: every in-memory and test database open asks for it.
  fingerprint ??= createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16);
  return fingerprint;
}

function pgliteHandle(client: PGlite): DatabaseHandle {
  return {
    db: drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Database,
    driver: 'pglite',
    close: () => client.close(),
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return pgliteHandle(await PGlite.create(dataDir));
}
