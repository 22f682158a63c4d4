import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPriceFeed } from './create';
import recorded from './fixtures/hermes-latest.json' with { type: 'json' };

describe('createPriceFeed (Pyth)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('M4: the configured Pyth API key reaches Hermes as a bearer token', async () => {
    const seen: (string | null)[] = [];
    vi.stubGlobal('fetch', async (_url: URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return new Response(JSON.stringify(recorded), { status: 200 });
    });
    const feed = createPriceFeed({ kind: 'pyth', baseUrl: 'https://hermes.example', apiKey: 'k3y' });
    await feed.latest();
    expect(seen).toEqual(['Bearer k3y']);
  });
});
