import { type Executor, marketData } from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { and, desc, eq, gte } from 'drizzle-orm';
import type { Asset, PriceFeed, PriceSnapshot } from '../../adapters/price-feed';
import { AppError } from '../../errors';

/**
 * Quoting volatility when too few snapshots are stored to measure it. BTC implied volatility has
 * mostly ranged 35–80% since 2023; 60% sits in the middle of that range.
 */
export const DEFAULT_VOLATILITY = 0.6;
/** Returns needed before realized volatility replaces the default. */
export const MIN_VOLATILITY_SAMPLES = 30;
/** How far back realized volatility looks. */
export const VOLATILITY_WINDOW_MS = 7 * DAY_MS;
/** Realized volatility is clamped into this range so a glitch cannot quote at 0% or 1000%. */
export const VOLATILITY_BOUNDS = { min: 0.05, max: 3 } as const;

const YEAR_MS = 365 * DAY_MS;

export interface PricePoint {
  priceUsd: bigint;
  observedAt: Date;
}

/**
 * Annualised realized volatility of log prices: sqrt(Σ rᵢ² / Σ Δtᵢ) over consecutive points in
 * time order, with Δt in years. Dividing by elapsed time (not the count) handles irregular
 * spacing, and the zero-mean estimator is the standard one for short horizons. Null with fewer
 * than `MIN_VOLATILITY_SAMPLES` returns.
 */
export function realizedVolatility(points: readonly PricePoint[]): number | null {
  const sorted = [...points].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  let sumSquares = 0;
  let years = 0;
  let samples = 0;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as PricePoint;
    const next = sorted[i] as PricePoint;
    const dt = (next.observedAt.getTime() - prev.observedAt.getTime()) / YEAR_MS;
    if (dt <= 0) continue; // the same tick stored twice says nothing about variance
    const r = Math.log(Number(next.priceUsd) / Number(prev.priceUsd));
    sumSquares += r * r;
    years += dt;
    samples++;
  }
  if (samples < MIN_VOLATILITY_SAMPLES || years === 0) return null;
  const sigma = Math.sqrt(sumSquares / years);
  return Math.min(VOLATILITY_BOUNDS.max, Math.max(VOLATILITY_BOUNDS.min, sigma));
}

export interface MarketQuote {
  asset: Asset;
  priceUsd: bigint;
  /** Annualised volatility for quoting. */
  volatility: number;
  /** Whether `volatility` was measured from stored snapshots or is the documented default. */
  volatilitySource: 'realized' | 'default';
  observedAt: Date;
  source: string;
}

/** When a pair of prices was observed: the older observation, which is how stale the pair is. */
export function pricesObservedAt(a: MarketQuote, b: MarketQuote): Date {
  return new Date(Math.min(a.observedAt.getTime(), b.observedAt.getTime()));
}

export interface MarketSnapshot {
  BTC: MarketQuote;
  STX: MarketQuote;
}

async function recentPoints(db: Executor, asset: Asset, since: Date): Promise<PricePoint[]> {
  return db
    .select({ priceUsd: marketData.priceUsd, observedAt: marketData.observedAt })
    .from(marketData)
    .where(and(eq(marketData.asset, asset), gte(marketData.observedAt, since)))
    .orderBy(desc(marketData.observedAt))
    .limit(20_000);
}

/**
 * Stores the feed's latest BTC and STX prices with the volatility measured up to them (the cron
 * step `market-data`). A price already stored for the same publish time is not stored again.
 */
export async function recordMarketSnapshot(
  db: Executor,
  feed: PriceFeed,
): Promise<{ stored: number; BTC: string; STX: string }> {
  const snapshot: PriceSnapshot = await feed.latest();
  let stored = 0;
  await db.transaction(async (tx) => {
    for (const asset of ['BTC', 'STX'] as const) {
      const observation = snapshot[asset];
      const since = new Date(observation.publishedAt.getTime() - VOLATILITY_WINDOW_MS);
      const points = await recentPoints(tx, asset, since);
      if (points.some((p) => p.observedAt.getTime() === observation.publishedAt.getTime())) continue;
      const volatility = realizedVolatility([
        ...points,
        { priceUsd: observation.priceUsd, observedAt: observation.publishedAt },
      ]);
      await tx.insert(marketData).values({
        asset,
        priceUsd: observation.priceUsd,
        volatility,
        source: observation.source,
        observedAt: observation.publishedAt,
      });
      stored++;
    }
  });
  return { stored, BTC: snapshot.BTC.priceUsd.toString(), STX: snapshot.STX.priceUsd.toString() };
}

/** The latest stored BTC and STX prices, however old (null for an asset never recorded). */
export async function getLatestMarketData(db: Executor): Promise<Record<Asset, MarketQuote | null>> {
  const read = async (asset: Asset): Promise<MarketQuote | null> => {
    const [row] = await db
      .select()
      .from(marketData)
      .where(eq(marketData.asset, asset))
      .orderBy(desc(marketData.observedAt))
      .limit(1);
    if (!row) return null;
    return {
      asset,
      priceUsd: row.priceUsd,
      volatility: row.volatility ?? DEFAULT_VOLATILITY,
      volatilitySource: row.volatility === null ? 'default' : 'realized',
      observedAt: row.observedAt,
      source: row.source,
    };
  };
  const [BTC, STX] = await Promise.all([read('BTC'), read('STX')]);
  return { BTC, STX };
}

/**
 * Refuses prices older than `maxAgeMs`: a quote on old prices would let buyers pick a stale,
 * favourable price.
 */
export function requireFresh(
  latest: Record<Asset, MarketQuote | null>,
  maxAgeMs: number,
  now: Date,
): MarketSnapshot {
  const check = (asset: Asset): MarketQuote => {
    const quote = latest[asset];
    if (!quote) throw new AppError('STALE_MARKET_DATA', `No ${asset} price has been recorded yet`);
    const ageMs = now.getTime() - quote.observedAt.getTime();
    if (ageMs > maxAgeMs)
      throw new AppError(
        'STALE_MARKET_DATA',
        `The latest ${asset} price is ${Math.round(ageMs / 1000)} s old (limit ${Math.round(maxAgeMs / 1000)} s); quoting is paused until the feed updates`,
        { asset, observedAt: quote.observedAt.toISOString() },
      );
    return quote;
  };
  return { BTC: check('BTC'), STX: check('STX') };
}

/** The latest BTC and STX prices, refused when either is older than `maxAgeMs`. */
export async function getFreshMarketData(
  db: Executor,
  maxAgeMs: number,
  now = new Date(),
): Promise<MarketSnapshot> {
  return requireFresh(await getLatestMarketData(db), maxAgeMs, now);
}
