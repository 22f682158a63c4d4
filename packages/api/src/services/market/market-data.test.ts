import { type DatabaseHandle, marketData, openDatabase } from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPriceFeed } from '../../adapters/price-feed';
import { isAppError } from '../../errors';
import {
  DEFAULT_VOLATILITY,
  getFreshMarketData,
  MIN_VOLATILITY_SAMPLES,
  type PricePoint,
  realizedVolatility,
  recordMarketSnapshot,
} from './market-data';

/** A seeded GBM path with a known volatility, sampled every `stepMs`. */
function gbmPath(sigma: number, n: number, stepMs: number): PricePoint[] {
  let seed = 7;
  const uniform = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const dt = stepMs / (365 * DAY_MS);
  let logPrice = Math.log(60_000);
  return Array.from({ length: n }, (_, i) => {
    if (i > 0) {
      const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      logPrice += sigma * Math.sqrt(dt) * z - 0.5 * sigma * sigma * dt;
    }
    return { priceUsd: BigInt(Math.round(Math.exp(logPrice) * 1e8)), observedAt: new Date(i * stepMs) };
  });
}

describe('realizedVolatility', () => {
  it('recovers the volatility of a simulated path', () => {
    const sigma = realizedVolatility(gbmPath(0.6, 5_000, 60_000));
    expect(sigma).not.toBeNull();
    expect(Math.abs((sigma as number) - 0.6)).toBeLessThan(0.03);
  });

  it('is null with too few returns, ignores order and duplicate ticks', () => {
    const path = gbmPath(0.6, MIN_VOLATILITY_SAMPLES + 1, 60_000);
    expect(realizedVolatility(path.slice(0, MIN_VOLATILITY_SAMPLES))).toBeNull();
    const measured = realizedVolatility(path);
    expect(measured).not.toBeNull();
    expect(realizedVolatility([...path].reverse().concat(path.slice(0, 3)))).toBeCloseTo(
      measured as number,
      12,
    );
  });

  it('clamps a glitch into the documented bounds', () => {
    const flat = gbmPath(0, 100, 60_000);
    expect(realizedVolatility(flat)).toBe(0.05);
  });
});

describe('market data snapshots', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => handle?.close());

  it('stores each feed tick once, with the default volatility until enough history exists', async () => {
    let now = new Date('2026-06-01T12:00:00Z');
    const feed = new SimulatedPriceFeed({ seed: 3, now: () => now });
    expect((await recordMarketSnapshot(handle.db, feed)).stored).toBe(2);
    expect((await recordMarketSnapshot(handle.db, feed)).stored).toBe(0);
    const fresh = await getFreshMarketData(handle.db, 60_000, now);
    expect(fresh.BTC).toMatchObject({ volatility: DEFAULT_VOLATILITY, volatilitySource: 'default' });

    for (let i = 0; i < MIN_VOLATILITY_SAMPLES + 5; i++) {
      now = new Date(now.getTime() + 60_000);
      await recordMarketSnapshot(handle.db, feed);
    }
    const later = await getFreshMarketData(handle.db, 60_000, now);
    expect(later.BTC.volatilitySource).toBe('realized');
    expect(later.BTC.volatility).toBeGreaterThan(0.05);
    expect(later.BTC.priceUsd).toBe((await feed.latest()).BTC.priceUsd);
    expect(await handle.db.$count(marketData)).toBe(2 * (MIN_VOLATILITY_SAMPLES + 6));
  });

  it('refuses prices older than the limit, naming the asset and age', async () => {
    const error = await getFreshMarketData(handle.db, 60_000, new Date('2026-06-02T00:00:00Z')).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code).toBe('STALE_MARKET_DATA');
    expect((error as Error).message).toMatch(/The latest BTC price is \d+ s old \(limit 60 s\)/);
  });
});
