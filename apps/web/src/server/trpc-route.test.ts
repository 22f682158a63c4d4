import { devnetAccount } from '@bithedge/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/env';
import { MAX_BODY_BYTES } from './http';

type Handler = (req: Request) => Promise<Response>;

const SITE = 'http://127.0.0.1:3000';
const alice = devnetAccount('wallet_1').address;

async function route(): Promise<{ GET: Handler; POST: Handler }> {
  return (await import('../app/api/trpc/[trpc]/route')) as unknown as { GET: Handler; POST: Handler };
}

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`${SITE}/api/trpc/${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
const challenge = (from: string, headers: Record<string, string> = {}) =>
  post('auth.challenge', JSON.stringify({ json: { address: alice } }), {
    'x-forwarded-for': from,
    ...headers,
  });

describe('/api/trpc', () => {
  useTestEnv({ PGLITE_DATA_DIR: 'memory://', SEED_DEMO_DATA: 'false' });

  // Opening and migrating the embedded database takes seconds on a loaded machine: not in a test's time.
  beforeAll(async () => {
    await (await import('./db')).getDatabase();
  }, 120_000);

  it('M5: refuses a batch of more than 10 calls, and serves 10', async () => {
    const { GET } = await route();
    const batch = (n: number) =>
      GET(new Request(`${SITE}/api/trpc/${Array(n).fill('auth.me').join(',')}?batch=1`));
    expect((await batch(10)).status).toBe(200);
    const refused = await batch(11);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/batch/i);
  });

  it('M5: refuses a body above 64 KB with 413 and a message', async () => {
    const { POST } = await route();
    const huge = JSON.stringify({ json: { address: 'x'.repeat(MAX_BODY_BYTES) } });
    const response = await POST(post('auth.challenge', huge));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: `The request body exceeds ${MAX_BODY_BYTES} bytes` });
  });

  it('M5: rate-limits auth.challenge per client address with 429 and Retry-After', async () => {
    const { POST } = await route();
    for (let i = 0; i < 30; i++) expect((await POST(challenge('198.51.100.7'))).status).toBe(200);
    const refused = await POST(challenge('198.51.100.7'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await refused.json())).toMatch(/Too many sign-in attempts/);
    // Another client still gets its challenge.
    expect((await POST(challenge('198.51.100.8'))).status).toBe(200);
  });

  it('L2: refuses a POST from another origin with 403', async () => {
    const { POST } = await route();
    const response = await POST(challenge('198.51.100.20', { origin: 'https://evil.example' }));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'Cross-origin request refused (Origin https://evil.example)',
    });
    expect((await POST(challenge('198.51.100.20', { origin: 'null' }))).status).toBe(403);
    expect((await POST(challenge('198.51.100.20', { origin: SITE }))).status).toBe(200);
  });

  it('L2: refuses a form-data (or any non-JSON) POST with 415', async () => {
    const { POST } = await route();
    const form = new FormData();
    form.set('address', alice);
    const multipart = await POST(
      new Request(`${SITE}/api/trpc/auth.signOut`, { method: 'POST', body: form }),
    );
    expect(multipart.status).toBe(415);
    expect(await multipart.json()).toEqual({ error: 'tRPC requests must be application/json' });
    const plain = await POST(post('auth.signOut', '{}', { 'content-type': 'text/plain' }));
    expect(plain.status).toBe(415);
  });

  it('L8: tRPC answers carry Cache-Control: private, no-store', async () => {
    const { GET } = await route();
    const response = await GET(new Request(`${SITE}/api/trpc/auth.me`));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('L2: the allowed origin is APP_URL’s, else the host the browser addressed', async () => {
    const { refuseCrossSitePost } = await import('./trpc-http');
    const { parseEnv } = await import('./env');
    const from = (origin: string, host: string) => post('auth.signOut', '{}', { origin, host });
    const dev = parseEnv({});
    expect(refuseCrossSitePost(dev, from('http://localhost:3000', 'localhost:3000'))).toBeNull();
    expect(refuseCrossSitePost(dev, from('http://evil.example', 'localhost:3000'))?.status).toBe(403);
    const site = parseEnv({ APP_URL: 'https://bithedge.app' });
    expect(refuseCrossSitePost(site, from('https://bithedge.app', 'bithedge.app'))).toBeNull();
    expect(refuseCrossSitePost(site, from('https://evil.bithedge.app', 'bithedge.app'))?.status).toBe(403);
    expect(refuseCrossSitePost(site, from('http://bithedge.app', 'bithedge.app'))?.status).toBe(403);
  });
});
