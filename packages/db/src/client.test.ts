import { readFile, writeFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from './client';
import { migrationCount } from './migrate';
import { queryRows } from './rows';

async function freshClientModule() {
  vi.resetModules();
  return import('./client');
}

async function appliedMigrations(open: () => Promise<DatabaseHandle>): Promise<number> {
  const handle = await open();
  try {
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    return row?.n ?? 0;
  } finally {
    await handle.close();
  }
}

describe('in-memory databases start from a shared migrated dump', () => {
  it('writes the dump once and opens later databases from it, fully migrated', async () => {
    const client = await freshClientModule();
    expect(await appliedMigrations(() => client.openDatabase({ dataDir: 'memory://' }))).toBe(migrationCount);
    const dump = await readFile(client.migratedDumpPath());
    expect(dump.byteLength).toBeGreaterThan(1_000_000);
    // Another process (a fresh module here) reads the file rather than migrating again.
    const other = await freshClientModule();
    expect(await appliedMigrations(() => other.openDatabase({ dataDir: 'memory://' }))).toBe(migrationCount);
  }, 60_000);

  it('replaces a dump it cannot load instead of failing', async () => {
    const client = await freshClientModule();
    await client.openDatabase({ dataDir: 'memory://' }).then((h) => h.close());
    const path = client.migratedDumpPath();
    await writeFile(path, 'not a PGlite dump');
    const other = await freshClientModule();
    expect(await appliedMigrations(() => other.openDatabase({ dataDir: 'memory://' }))).toBe(migrationCount);
    expect((await readFile(path)).byteLength).toBeGreaterThan(1_000_000);
  }, 60_000);
});
