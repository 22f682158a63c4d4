import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import {
  type Database,
  type DatabaseHandle,
  type Driver,
  migrationsFingerprint,
  openDatabase,
} from './client';
import { migrations } from './migrations.generated';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabaseTarget {
  driver: Driver;
  /** Suite label; says why the target is skipped when it is. */
  label: string;
  /** Set when the target cannot run here (only ever outside CI). */
  skipReason?: string;
  /** A fresh, migrated database; `close()` drops it. */
  open(): Promise<DatabaseHandle>;
}

let postgresProbe: Promise<string | undefined> | undefined;

/** Resolves to undefined when the server answers, else to the reason it does not. */
function probePostgres(url: string): Promise<string | undefined> {
  postgresProbe ??= (async () => {
    const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
    try {
      await client`select 1`;
      return undefined;
    } catch (error) {
      return `no PostgreSQL server answered at ${redact(url)} (${(error as Error).message})`;
    } finally {
      await client.end({ timeout: 1 }).catch(() => {});
    }
  })();
  return postgresProbe;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * The databases every database test runs on: embedded PGlite always, and the real PostgreSQL
 * server at TEST_DATABASE_URL. When that server does not answer, the PostgreSQL suites are
 * reported as skipped with the reason — except under CI=true, where it is an error.
 */
export async function testDatabaseTargets(): Promise<TestDatabaseTarget[]> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const unreachable = await probePostgres(url);
  if (unreachable && process.env.CI === 'true') {
    throw new Error(`CI=true requires PostgreSQL for the database tests: ${unreachable}`);
  }
  return [
    { driver: 'pglite', label: 'pglite', open: () => openDatabase({ dataDir: 'memory://' }) },
    {
      driver: 'postgres',
      label: unreachable ? `postgres (skipped: ${unreachable})` : 'postgres',
      ...(unreachable ? { skipReason: unreachable } : {}),
      open: () => openFreshPostgres(url),
    },
  ];
}

/**
 * Creates a uniquely named, migrated database on the server and drops it on close. It is a copy
 * of a template database migrated once per schema (named by the migrations' fingerprint, made
 * under an advisory lock so parallel test files make it once): copying takes a fraction of the
 * time running every migration does, and the suite opens hundreds of these.
 */
export async function openFreshPostgres(url: string, maxConnections = 10): Promise<DatabaseHandle> {
  const name = `bithedge_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const template = await migratedTemplate(admin, url);
    await admin.unsafe(`create database "${name}" template "${template}" strategy file_copy`);
    const handle = await openDatabase({ url: databaseUrl(url, name), maxConnections, migrate: false });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end({ timeout: 5 });
      },
    };
  } catch (error) {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
    throw error;
  }
}

/** The server's URL pointed at another database on it. */
function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

// Any fixed key; only the test helpers take it.
const TEMPLATE_LOCK_KEY = 727_002_2026;

/** The migrated template for the current migrations, made if it is not there yet. */
async function migratedTemplate(admin: postgres.Sql, url: string): Promise<string> {
  const template = `bithedge_template_${migrationsFingerprint()}`;
  const exists = () => admin`select 1 from pg_database where datname = ${template} and datistemplate`;
  if ((await exists()).length > 0) return template;
  await admin`select pg_advisory_lock(${TEMPLATE_LOCK_KEY})`;
  try {
    if ((await exists()).length > 0) return template;
    const building = `${template}_building`;
    await admin.unsafe(`drop database if exists "${building}" with (force)`);
    await admin.unsafe(`create database "${building}"`);
    const handle = await openDatabase({ url: databaseUrl(url, building), maxConnections: 1 });
    await handle.close();
    // Renamed only once complete, and marked a template so no one connects to it by accident.
    await admin.unsafe(`alter database "${building}" rename to "${template}"`);
    await admin.unsafe(`alter database "${template}" is_template true`);
    return template;
  } finally {
    await admin`select pg_advisory_unlock(${TEMPLATE_LOCK_KEY})`;
  }
}

/**
 * Runs one migration's statements again on a migrated database: the test of a data migration
 * writes rows the way the code did before it, then runs it and reads them.
 */
export async function rerunMigration(db: Database, tag: string): Promise<void> {
  const migration = migrations.find((m) => m.tag === tag);
  if (!migration) throw new Error(`No migration ${tag}`);
  for (const statement of migration.sql) if (statement.trim()) await db.execute(sql.raw(statement));
}
