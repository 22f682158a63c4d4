import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/env';

describe('request context', () => {
  useTestEnv({
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    PRICE_MAX_AGE_SECONDS: '120',
  });

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

  it('resolves no session from a tampered cookie', async () => {
    const { createFetchContext } = await import('./context');
    const ctx = await createFetchContext({
      req: new Request('http://localhost:3000/', { headers: { cookie: 'bithedge_session=forged-token' } }),
      resHeaders: new Headers(),
    });
    expect(ctx.session).toBeNull();
    expect(ctx.auth?.sessionToken).toBe('forged-token');
  });
});
