import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { quoteSigner } from './quoting';

describe('quote signer', () => {
  it('M1: quotes are signed with QUOTE_SIGNING_KEY, never with the operator key', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      STACKS_NETWORK: 'testnet',
      CONTRACTS_DEPLOYER: 'ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5',
      PRICE_FEED: 'pyth',
      PYTH_API_KEY: 'pyth-key',
      APP_URL: 'https://bithedge.app',
      CRON_SECRET: 'c'.repeat(32),
      VAULT_WEBHOOK_SECRET: 'w'.repeat(32),
      STACKS_API_URL: 'https://api.testnet.hiro.so',
      OPERATOR_PRIVATE_KEY: 'a'.repeat(64),
      QUOTE_SIGNING_KEY: 'b'.repeat(64),
    });
    expect(quoteSigner(env)).toEqual({
      privateKey: 'b'.repeat(64),
      chainId: expect.any(Number),
      // L7: the signature names the registry it is for.
      registryId: 'ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5.policy-registry',
    });
  });

  it('signs with the devnet deployer key by default on devnet, and with nothing elsewhere', () => {
    expect(quoteSigner(parseEnv({}))?.privateKey).toMatch(/^[0-9a-f]{64}/);
    expect(
      quoteSigner(
        parseEnv({
          STACKS_NETWORK: 'testnet',
          APP_URL: 'https://x.test',
          PRICE_FEED: 'pyth',
          PYTH_API_KEY: 'k',
        }),
      ),
    ).toBeNull();
  });
});
