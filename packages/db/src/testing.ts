import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DatabaseHandle, type Driver, openDatabase } from './client';

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

/** Creates a uniquely named database on the server, migrates it, and drops it on close. */
export async function openFreshPostgres(url: string, maxConnections = 10): Promise<DatabaseHandle> {
  const name = `bithedge_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    const handle = await openDatabase({ url: dbUrl.toString(), maxConnections });
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
