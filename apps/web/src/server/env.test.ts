import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults to the embedded database with demo data', () => {
    expect(parseEnv({})).toEqual({
      nodeEnv: 'development',
      databaseUrl: undefined,
      pgliteDataDir: undefined,
      dbPoolSize: 10,
      seedDemoData: true,
    });
  });

  it('does not seed demo data into PostgreSQL unless asked', () => {
    const url = 'postgres://app@db.internal:5432/bithedge';
    expect(parseEnv({ DATABASE_URL: url })).toMatchObject({ databaseUrl: url, seedDemoData: false });
    expect(parseEnv({ DATABASE_URL: url, SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', DB_POOL_SIZE: '' })).toMatchObject({
      databaseUrl: undefined,
      dbPoolSize: 10,
    });
  });

  it('names every bad variable in one clear message', () => {
    const bad = () => parseEnv({ DATABASE_URL: 'mysql://x', DB_POOL_SIZE: 'lots', SEED_DEMO_DATA: 'yes' });
    expect(bad).toThrow(EnvError);
    try {
      bad();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
      expect(message).toContain('DB_POOL_SIZE');
      expect(message).toContain('SEED_DEMO_DATA');
    }
  });
});
