import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/env';

describe('request context', () => {
  useTestEnv({
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    PRICE_MAX_AGE_SECONDS: '120',
  });

  // Opening and migrating the embedded database takes seconds on a loaded machine: not in a test's time.
  beforeAll(async () => {
    await (await import('./db')).getDatabase();
  }, 120_000);

  it('shares one quoting context per process, configured from the environment', async () => {
    const { createFetchContext } = await import('./context');
    const make = () =>
      createFetchContext({
        req: new Request('http://localhost:3000/api/trpc/auth.me'),
        resHeaders: new Headers(),
      });
    const [a, b] = await Promise.all([make(), make()]);
    // A per-request context would reset the quote-log sampler and the input caches every call.
    expect(a.quoting).toBe(b.quoting);
    expect(a.quoting.maxPriceAgeMs).toBe(120_000);
    expect(a.quoting.caches).toBeDefined();
    expect(a.auth?.config).toMatchObject({
      domain: 'localhost:3000',
      uri: 'http://localhost:3000',
      network: 'devnet',
    });
  });

  it('reads the chain tip from STACKS_API_URL, and from nothing without a node or on the local chain', async () => {
    const { chainTipReader, createFetchContext } = await import('./context');
    const { getEnv } = await import('./env');
    const env = getEnv();
    expect(chainTipReader({ ...env, stacksApiUrl: 'https://node.example', localChain: false })?.source).toBe(
      'stacks-node',
    );
    expect(chainTipReader({ ...env, stacksApiUrl: 'https://node.example', localChain: true })).toBeNull();
    expect(chainTipReader({ ...env, stacksApiUrl: undefined, localChain: false })).toBeNull();
    const ctx = await createFetchContext({
      req: new Request('http://localhost:3000/'),
      resHeaders: new Headers(),
    });
    expect(ctx.chainTip).toBeNull();
  });

  it('resolves no session from a tampered cookie', async () => {
    const { createFetchContext } = await import('./context');
    const ctx = await createFetchContext({
      req: new Request('http://localhost:3000/', { headers: { cookie: 'bithedge_session=forged-token' } }),
      resHeaders: new Headers(),
    });
    expect(ctx.session).toBeNull();
    expect(ctx.auth?.sessionToken).toBe('forged-token');
  });

  it('L10: never takes the sign-in domain from a non-loopback Host header without APP_URL', async () => {
    const { authConfigFor, createFetchContext } = await import('./context');
    const { parseEnv } = await import('./env');
    const dev = parseEnv({});
    expect(() => authConfigFor(dev, 'http://evil.example/api/trpc')).toThrow(/APP_URL/);
    expect(authConfigFor(dev, 'http://127.0.0.1:3000/').domain).toBe('127.0.0.1:3000');
    expect(authConfigFor(dev, 'http://[::1]:3000/').domain).toBe('[::1]:3000');
    const named = parseEnv({ APP_URL: 'https://bithedge.app' });
    expect(authConfigFor(named, 'http://evil.example/')).toMatchObject({
      domain: 'bithedge.app',
      uri: 'https://bithedge.app',
    });
    // Through the request context: the challenge is refused, the request itself still answers.
    const ctx = await createFetchContext({
      req: new Request('http://evil.example/api/trpc/auth.challenge'),
      resHeaders: new Headers(),
    });
    expect(() => ctx.auth?.config).toThrow(/APP_URL/);
  });
});
