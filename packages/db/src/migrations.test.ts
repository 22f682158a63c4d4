import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMigrationFolder } from './migration-files';
import { migrations } from './migrations.generated';

describe('embedded migrations', () => {
  it('match the drizzle-kit folder (run `pnpm db:generate` after changing the schema)', () => {
    const folder = fileURLToPath(new URL('../drizzle', import.meta.url));
    expect(migrations).toEqual(readMigrationFolder(folder));
  });
});
