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
      scheduler: 'internal',
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

  // A complete production configuration (the fail-closed checks below need every part of it).
  const production = {
    NODE_ENV: 'production',
    STACKS_NETWORK: 'testnet',
    CONTRACTS_DEPLOYER: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM',
    PRICE_FEED: 'pyth',
    PYTH_API_KEY: 'pyth-key',
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

  it('runs the in-process scheduler in development and the e2e sandbox, in production only when asked', () => {
    expect(parseEnv({}).scheduler).toBe('internal');
    expect(parseEnv({ SCHEDULER: 'off' }).scheduler).toBe('off');
    expect(parseEnv(production).scheduler).toBe('off');
    expect(parseEnv({ ...production, SCHEDULER: 'internal' }).scheduler).toBe('internal');
    expect(parseEnv({ ...production, SCHEDULER: '' }).scheduler).toBe('off');
    expect(() => parseEnv({ SCHEDULER: 'vercel' })).toThrow(/SCHEDULER: must be internal or off/);
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

  const refusal = (raw: Record<string, string | undefined>): string => {
    try {
      parseEnv(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      return (error as Error).message;
    }
    throw new Error('expected parseEnv to refuse the environment');
  };
  const operatorKey = `${'a'.repeat(64)}01`;
  const quoteKey = 'b'.repeat(64);
  const withOperator = {
    ...production,
    STACKS_API_URL: 'https://api.testnet.hiro.so',
    OPERATOR_PRIVATE_KEY: operatorKey,
    QUOTE_SIGNING_KEY: quoteKey,
  };

  it('H3: production refuses the simulated feed', () => {
    expect(refusal({ ...production, PRICE_FEED: 'simulated' })).toMatch(/PRICE_FEED: the simulated feed/);
    expect(refusal({ ...production, PRICE_FEED: undefined, PYTH_API_KEY: undefined })).toMatch(/PRICE_FEED/);
  });

  it('H3: testnet and mainnet refuse the simulated feed outside production too', () => {
    for (const network of ['testnet', 'mainnet'])
      expect(refusal({ STACKS_NETWORK: network, APP_URL: 'https://staging.bithedge.app' })).toMatch(
        /PRICE_FEED: the simulated feed/,
      );
  });

  it('H3: the simulated feed never drives an operator key', () => {
    expect(refusal({ ...withOperator, PRICE_FEED: 'simulated' })).toMatch(
      /PRICE_FEED: the simulated feed never drives an operator key \(OPERATOR_PRIVATE_KEY/,
    );
  });

  it('H3: production has no default network', () => {
    expect(refusal({ ...production, STACKS_NETWORK: undefined })).toMatch(
      /STACKS_NETWORK: required in production/,
    );
    expect(parseEnv({}).stacksNetwork).toBe('devnet');
  });

  it('M3: production refuses SEED_DEMO_DATA=true', () => {
    expect(refusal({ ...production, SEED_DEMO_DATA: 'true' })).toMatch(
      /SEED_DEMO_DATA: development on devnet only/,
    );
    expect(
      refusal({
        STACKS_NETWORK: 'testnet',
        APP_URL: 'https://x.test',
        PRICE_FEED: 'pyth',
        PYTH_API_KEY: 'k',
        SEED_DEMO_DATA: 'true',
      }),
    ).toMatch(/SEED_DEMO_DATA/);
  });

  it('M3: demo data defaults on only for development on devnet', () => {
    expect(parseEnv({}).seedDemoData).toBe(true);
    expect(parseEnv(production).seedDemoData).toBe(false);
    expect(
      parseEnv({
        STACKS_NETWORK: 'testnet',
        APP_URL: 'https://x.test',
        PRICE_FEED: 'pyth',
        PYTH_API_KEY: 'k',
      }).seedDemoData,
    ).toBe(false);
  });

  it('M4: PRICE_FEED=pyth requires PYTH_API_KEY and passes it to the feed', () => {
    expect(refusal({ ...production, PYTH_API_KEY: undefined })).toMatch(
      /PYTH_API_KEY: required when PRICE_FEED=pyth/,
    );
    expect(parseEnv(production).priceFeed).toEqual({
      kind: 'pyth',
      baseUrl: 'https://hermes.pyth.network',
      apiKey: 'pyth-key',
    });
  });

  it('L1: production refuses LOCAL_CHAIN without E2E=true', () => {
    const devnetProduction = { ...production, STACKS_NETWORK: 'devnet', PRICE_FEED: 'simulated' };
    expect(refusal({ ...devnetProduction, LOCAL_CHAIN: 'true' })).toMatch(
      /LOCAL_CHAIN: development on devnet only/,
    );
  });

  it('L1: production refuses DEV_WALLET without E2E=true', () => {
    expect(refusal({ ...production, STACKS_NETWORK: 'devnet', DEV_WALLET: 'true' })).toMatch(
      /DEV_WALLET: development on devnet only/,
    );
  });

  it('L1: the end-to-end build (E2E=true, devnet) may run the sandbox in production', () => {
    const e2e = {
      ...production,
      STACKS_NETWORK: 'devnet',
      PRICE_FEED: 'simulated',
      E2E: 'true',
      LOCAL_CHAIN: 'true',
      DEV_WALLET: 'true',
      SEED_DEMO_DATA: 'true',
    };
    expect(parseEnv(e2e)).toMatchObject({ localChain: true, devWallet: true, seedDemoData: true });
    expect(refusal({ ...e2e, STACKS_NETWORK: 'testnet' })).toMatch(
      /E2E: the end-to-end sandbox runs on devnet only/,
    );
  });

  it('L10: testnet and mainnet require APP_URL outside production too', () => {
    expect(refusal({ STACKS_NETWORK: 'testnet', PRICE_FEED: 'pyth', PYTH_API_KEY: 'k' })).toMatch(
      /APP_URL: required in production and on testnet/,
    );
  });

  it('M1: an operator key requires a separate QUOTE_SIGNING_KEY', () => {
    expect(parseEnv(withOperator)).toMatchObject({
      operatorPrivateKey: operatorKey,
      quoteSigningKey: quoteKey,
    });
    expect(refusal({ ...withOperator, QUOTE_SIGNING_KEY: undefined })).toMatch(
      /QUOTE_SIGNING_KEY: required with OPERATOR_PRIVATE_KEY/,
    );
  });

  it('M1: QUOTE_SIGNING_KEY must differ from OPERATOR_PRIVATE_KEY (with or without the 01 suffix)', () => {
    expect(refusal({ ...withOperator, QUOTE_SIGNING_KEY: 'A'.repeat(64) })).toMatch(
      /QUOTE_SIGNING_KEY: must differ from OPERATOR_PRIVATE_KEY/,
    );
  });
});
