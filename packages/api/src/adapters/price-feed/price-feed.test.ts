import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { rescale } from './fixed-point';
import recorded from './fixtures/hermes-latest.json' with { type: 'json' };
import { PYTH_FEED_IDS, PythHermesFeed, parseHermesLatest } from './pyth-hermes';
import { isSimulatedFeed, SimulatedPriceFeed } from './simulated';

describe('rescale', () => {
  it('widens exactly and narrows with half-to-even rounding', () => {
    expect(rescale(9_712_345_678_901n, -8, 8)).toBe(9_712_345_678_901n);
    expect(rescale(123n, -5, 8)).toBe(123_000n);
    expect(rescale(1_234_567_895n, -10, 8)).toBe(12_345_679n); // .95 rounds up
    expect(rescale(1_234_567_850n, -10, 8)).toBe(12_345_678n); // .50, even stays
    expect(rescale(1_234_567_750n, -10, 8)).toBe(12_345_678n); // .50, odd goes up
    expect(rescale(-1_234_567_750n, -10, 8)).toBe(-12_345_678n);
  });
});

describe('Pyth Hermes feed', () => {
  it('parses the recorded response into exact 8-decimal prices', () => {
    const snapshot = parseHermesLatest(recorded);
    expect(snapshot.BTC).toEqual({
      asset: 'BTC',
      priceUsd: 9_712_345_678_901n,
      confidenceUsd: 3_456_789_012n,
      publishedAt: new Date(1_763_942_400_000),
      source: 'pyth-hermes',
    });
    expect(snapshot.STX.priceUsd).toBe(61_234_567n);
  });

  it('requests both feeds with the API key and a timeout, never the network in tests', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch = (async (url: URL, init?: RequestInit) => {
      calls.push({ url: url.toString(), init });
      return new Response(JSON.stringify(recorded), { status: 200 });
    }) as unknown as typeof fetch;
    const feed = new PythHermesFeed({ baseUrl: 'https://hermes.example', apiKey: 'k3y', fetch: fakeFetch });
    const snapshot = await feed.latest();
    expect(snapshot.STX.priceUsd).toBe(61_234_567n);
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/v2/updates/price/latest');
    expect(url.searchParams.getAll('ids[]')).toEqual([PYTH_FEED_IDS.BTC, PYTH_FEED_IDS.STX]);
    expect(calls[0]!.init?.headers).toEqual({ authorization: 'Bearer k3y' });
    expect(calls[0]!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('refuses malformed, incomplete and failed responses with a clear UNAVAILABLE error', async () => {
    expect(() => parseHermesLatest({ parsed: [] })).toThrow(AppError);
    expect(() =>
      parseHermesLatest({
        parsed: [{ id: PYTH_FEED_IDS.BTC, price: { price: '1.5', conf: '1', expo: -8, publish_time: 1 } }],
      }),
    ).toThrow(/unexpected response/);
    const onlyBtc = { parsed: recorded.parsed.slice(0, 1) };
    expect(() => parseHermesLatest(onlyBtc)).toThrow('Price feed response has no STX/USD price');
    const failing = (async () => new Response('busy', { status: 503 })) as unknown as typeof fetch;
    await expect(
      new PythHermesFeed({ baseUrl: 'https://hermes.example', fetch: failing }).latest(),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Price feed answered HTTP 503',
    });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(
      new PythHermesFeed({ baseUrl: 'https://hermes.example', fetch: down }).latest(),
    ).rejects.toThrow('Price feed unreachable');
  });
});

describe('simulated feed', () => {
  const epoch = new Date('2026-01-01T00:00:00Z');
  const minutes = (n: number) => new Date(epoch.getTime() + n * 60_000);

  it('is deterministic for a seed, whatever order ticks are read in', () => {
    const a = new SimulatedPriceFeed({ seed: 7, epoch });
    const b = new SimulatedPriceFeed({ seed: 7, epoch });
    const late = a.at(minutes(500));
    b.at(minutes(20));
    expect(b.at(minutes(500))).toEqual(late);
    expect(new SimulatedPriceFeed({ seed: 8, epoch }).at(minutes(500)).BTC.priceUsd).not.toBe(
      late.BTC.priceUsd,
    );
  });

  it('starts at the configured prices and reports the tick time', async () => {
    const feed = new SimulatedPriceFeed({ epoch, start: { BTC: 50_000, STX: 2 }, now: () => minutes(0) });
    const snapshot = await feed.latest();
    expect(snapshot.BTC.priceUsd).toBe(5_000_000_000_000n);
    expect(snapshot.STX.priceUsd).toBe(200_000_000n);
    expect(feed.at(new Date(minutes(3).getTime() + 59_000)).BTC.publishedAt).toEqual(minutes(3));
  });

  it('has the configured volatility (realised vol of log returns within sampling error)', () => {
    const feed = new SimulatedPriceFeed({
      seed: 11,
      epoch,
      volatility: { BTC: 0.6, STX: 0.9 },
      stepSeconds: 3600,
    });
    const n = 20_000;
    const logs: number[] = [];
    for (let i = 0; i <= n; i++)
      logs.push(Math.log(Number(feed.at(new Date(epoch.getTime() + i * 3_600_000)).BTC.priceUsd)));
    const returns = logs.slice(1).map((x, i) => x - logs[i]!);
    const mean = returns.reduce((s, r) => s + r, 0) / n;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (n - 1);
    const annualised = Math.sqrt(variance * 365 * 24);
    // Standard error of a sample volatility is about σ/√(2n) ≈ 0.003 here; allow 5 of them.
    expect(Math.abs(annualised - 0.6)).toBeLessThan(0.015);
  });
});

describe('isSimulatedFeed', () => {
  it('knows the simulation by its shape, so another bundle’s copy of the class still counts', () => {
    const feed = new SimulatedPriceFeed();
    expect(isSimulatedFeed(feed)).toBe(true);
    // What a second copy of the class makes: same shape, another prototype chain.
    const copy = { source: 'simulated', latest: feed.latest.bind(feed), shock: feed.shock.bind(feed) };
    expect(copy instanceof SimulatedPriceFeed).toBe(false);
    expect(isSimulatedFeed(copy)).toBe(true);
    expect(isSimulatedFeed(new PythHermesFeed({ baseUrl: 'https://hermes.example', apiKey: 'k' }))).toBe(
      false,
    );
  });
});

describe('createPriceFeed', () => {
  it('builds the feed the configuration names', async () => {
    const { createPriceFeed } = await import('./create');
    expect(createPriceFeed({ kind: 'simulated', seed: 3 }).source).toBe('simulated');
    expect(createPriceFeed({ kind: 'pyth', baseUrl: 'https://hermes.example', apiKey: 'k' }).source).toBe(
      'pyth-hermes',
    );
  });
});

describe('SimulatedPriceFeed.shock', () => {
  it('moves a price by the given percent at once, and the path goes on from there', async () => {
    let now = new Date('2026-06-01T00:00:30Z');
    const feed = new SimulatedPriceFeed({ now: () => now });
    const before = await feed.latest();
    feed.shock({ STX: -30 });
    const after = await feed.latest();
    expect(after.STX.publishedAt).toEqual(now);
    expect(after.BTC.priceUsd).toBe(before.BTC.priceUsd);
    // Within rounding of 70% (the model's float path is rounded to 8 decimals once).
    const ratio = Number(after.STX.priceUsd) / Number(before.STX.priceUsd);
    expect(ratio).toBeCloseTo(0.7, 7);
    now = new Date('2026-06-01T00:01:00Z');
    const next = await feed.latest();
    expect(next.STX.publishedAt).toEqual(now);
    const unshocked = await new SimulatedPriceFeed({ now: () => now }).latest();
    expect(Number(next.STX.priceUsd) / Number(unshocked.STX.priceUsd)).toBeCloseTo(0.7, 7);
    expect(() => feed.shock({ BTC: -100 })).toThrow(RangeError);
  });
});
