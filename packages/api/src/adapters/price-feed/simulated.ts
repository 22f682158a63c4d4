import { DAY_MS } from '@bithedge/pricing';
import { type Asset, type PriceFeed, type PriceSnapshot, USD_DECIMALS } from './types';

export interface SimulatedFeedOptions {
  /** Starting prices in USD. */
  start?: Record<Asset, number>;
  /** Annualised volatility of each asset's log price. */
  volatility?: Record<Asset, number>;
  /** Correlation of the two assets' shocks. */
  correlation?: number;
  /** Seconds between simulated ticks. */
  stepSeconds?: number;
  seed?: number;
  /** The moment the path starts; ticks before it read as the start price. */
  epoch?: Date;
  now?: () => Date;
}

const YEAR_SECONDS = (365 * DAY_MS) / 1000;

/**
 * Whether a feed is the simulation (and can be shocked). By shape, not `instanceof`: a Next.js
 * server loads this package once per bundle, and the one feed the process shares (on globalThis)
 * may have been made by another bundle's copy of the class.
 */
export function isSimulatedFeed(feed: PriceFeed): feed is SimulatedPriceFeed {
  return feed.source === 'simulated' && typeof (feed as Partial<SimulatedPriceFeed>).shock === 'function';
}

/**
 * Geometric Brownian motion (zero drift) for BTC and STX, deterministic for a seed: the price at a
 * given tick is the same however often or in whatever order it is read, so development data and
 * tests are reproducible.
 */
export class SimulatedPriceFeed implements PriceFeed {
  readonly source = 'simulated';
  readonly #start: Record<Asset, number>;
  readonly #vol: Record<Asset, number>;
  readonly #rho: number;
  readonly #step: number;
  readonly #epoch: number;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #path: { BTC: number; STX: number }[] = [{ BTC: 0, STX: 0 }];
  /** Level shifts applied by `shock` (log space), and when the last one happened. */
  readonly #shift: { BTC: number; STX: number } = { BTC: 0, STX: 0 };
  #shockedAt = Number.NEGATIVE_INFINITY;

  constructor(options: SimulatedFeedOptions = {}) {
    this.#start = options.start ?? { BTC: 60_000, STX: 1.5 };
    this.#vol = options.volatility ?? { BTC: 0.6, STX: 0.9 };
    this.#rho = options.correlation ?? 0.6;
    this.#step = options.stepSeconds ?? 60;
    this.#epoch = (options.epoch ?? new Date('2026-01-01T00:00:00Z')).getTime();
    this.#now = options.now ?? (() => new Date());
    this.#random = mulberry32(options.seed ?? 42);
  }

  async latest(): Promise<PriceSnapshot> {
    return this.at(this.#now());
  }

  /**
   * Development's "Shock prices": moves an asset's price by `changePct` percent now and for good
   * (the path goes on from the new level), published at the moment of the shock so it is recorded
   * at once rather than at the next tick. A shock shifts the whole path: the feed keeps no history
   * of shocks, so `at()` an earlier moment reads the shifted level too (development only).
   */
  shock(changePct: Partial<Record<Asset, number>>, at: Date = this.#now()): void {
    for (const asset of ['BTC', 'STX'] as const) {
      const pct = changePct[asset];
      if (pct === undefined) continue;
      if (!(pct > -100) || !Number.isFinite(pct)) throw new RangeError(`${asset} change must be above -100%`);
      this.#shift[asset] += Math.log1p(pct / 100);
    }
    this.#shockedAt = at.getTime();
  }

  /** Prices at a moment (the last tick at or before it). */
  at(moment: Date): PriceSnapshot {
    const tick = Math.max(0, Math.floor((moment.getTime() - this.#epoch) / (this.#step * 1000)));
    const log = this.#logReturnsUpTo(tick);
    const tickAt = this.#epoch + tick * this.#step * 1000;
    const shocked = this.#shockedAt > tickAt && this.#shockedAt <= moment.getTime();
    const publishedAt = new Date(shocked ? this.#shockedAt : tickAt);
    const observe = (asset: Asset) => ({
      asset,
      priceUsd: BigInt(
        Math.round(this.#start[asset] * Math.exp(log[asset] + this.#shift[asset]) * 10 ** USD_DECIMALS),
      ),
      confidenceUsd: 0n,
      publishedAt,
      source: this.source,
    });
    return { BTC: observe('BTC'), STX: observe('STX') };
  }

  #logReturnsUpTo(tick: number): { BTC: number; STX: number } {
    const dt = this.#step / YEAR_SECONDS;
    while (this.#path.length <= tick) {
      const previous = this.#path[this.#path.length - 1]!;
      const [z1, z2] = gaussianPair(this.#random);
      const zStx = this.#rho * z1 + Math.sqrt(1 - this.#rho ** 2) * z2;
      const move = (asset: Asset, z: number) =>
        -0.5 * this.#vol[asset] ** 2 * dt + this.#vol[asset] * Math.sqrt(dt) * z;
      this.#path.push({ BTC: previous.BTC + move('BTC', z1), STX: previous.STX + move('STX', zStx) });
    }
    return this.#path[tick]!;
  }
}

/** Small, fast, well-distributed 32-bit PRNG; plenty for a price simulation. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Box-Muller: two independent standard normals. */
function gaussianPair(random: () => number): [number, number] {
  const u1 = Math.max(random(), Number.EPSILON);
  const u2 = random();
  const r = Math.sqrt(-2 * Math.log(u1));
  return [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)];
}
