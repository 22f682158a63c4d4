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
      stacksNetwork: 'devnet',
      appUrl: undefined,
      adminPrincipals: new Set(),
      vaultWebhookSecret: undefined,
      cronSecret: undefined,
      devWallet: false,
      localChain: false,
      sessionTtlMs: 7 * 24 * 3_600_000,
      priceFeed: { kind: 'simulated' },
      priceMaxAgeMs: 900_000,
      stacksApiUrl: undefined,
      contractsDeployer: undefined,
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

  const production = {
    NODE_ENV: 'production',
    APP_URL: 'https://bithedge.app/',
    CRON_SECRET: 'c'.repeat(32),
    VAULT_WEBHOOK_SECRET: 'w'.repeat(32),
  };

  it('refuses to start in production without the route secrets or the site URL', () => {
    expect(parseEnv(production)).toMatchObject({
      appUrl: 'https://bithedge.app',
      cronSecret: 'c'.repeat(32),
    });
    for (const missing of ['CRON_SECRET', 'VAULT_WEBHOOK_SECRET', 'APP_URL'] as const) {
      const { [missing]: _, ...rest } = production;
      expect(() => parseEnv(rest), missing).toThrow(new RegExp(`${missing}: required in production`));
    }
  });

  it('refuses short secrets and malformed admin principals', () => {
    expect(() => parseEnv({ CRON_SECRET: 'short' })).toThrow(/CRON_SECRET: must be at least 16/);
    expect(() => parseEnv({ ADMIN_PRINCIPALS: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM, alice' })).toThrow(
      /ADMIN_PRINCIPALS: alice is not a Stacks principal/,
    );
    expect(
      parseEnv({ ADMIN_PRINCIPALS: ' ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM ,' }).adminPrincipals,
    ).toEqual(new Set(['ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM']));
  });

  it('turns the dev wallet on only when asked, and never on mainnet', () => {
    expect(parseEnv({ DEV_WALLET: 'true' }).devWallet).toBe(true);
    expect(parseEnv({ DEV_WALLET: 'false' }).devWallet).toBe(false);
    expect(() => parseEnv({ DEV_WALLET: 'true', STACKS_NETWORK: 'mainnet' })).toThrow(
      /never runs on mainnet/,
    );
  });
});
