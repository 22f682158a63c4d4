import { z } from 'zod';
import { AppError } from '../../errors';
import { rescale } from './fixed-point';
import {
  ASSETS,
  type Asset,
  type PriceFeed,
  type PriceObservation,
  type PriceSnapshot,
  USD_DECIMALS,
} from './types';

/** Pyth price feed ids (mainnet, the same on every chain Pyth serves). */
export const PYTH_FEED_IDS: Record<Asset, string> = {
  BTC: 'e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43',
  STX: 'ec7a775f46379b5e943c3526b1c8d54cd49749176b0b98e02dde68d1bd335c17',
};

const integerString = z.string().regex(/^-?\d+$/, 'must be an integer string');

const PriceSchema = z.object({
  price: integerString,
  conf: integerString,
  expo: z.int().min(-30).max(30),
  publish_time: z.int().positive(),
});

/** The part of `GET /v2/updates/price/latest` we read: the decoded (`parsed`) updates. */
export const HermesLatestResponseSchema = z.object({
  parsed: z.array(z.object({ id: z.string(), price: PriceSchema })).min(1),
});

export interface PythHermesOptions {
  baseUrl: string;
  /** Hermes requires an API key, sent as a bearer token. */
  apiKey?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class PythHermesFeed implements PriceFeed {
  readonly source = 'pyth-hermes';
  readonly #options: Required<Omit<PythHermesOptions, 'apiKey'>> & { apiKey: string | undefined };

  constructor(options: PythHermesOptions) {
    this.#options = { timeoutMs: 5_000, fetch: globalThis.fetch, ...options, apiKey: options.apiKey };
  }

  async latest(): Promise<PriceSnapshot> {
    const url = new URL('/v2/updates/price/latest', this.#options.baseUrl);
    for (const asset of ASSETS) url.searchParams.append('ids[]', PYTH_FEED_IDS[asset]);
    url.searchParams.set('parsed', 'true');
    let response: Response;
    try {
      response = await this.#options.fetch(url, {
        headers: this.#options.apiKey ? { authorization: `Bearer ${this.#options.apiKey}` } : {},
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      throw new AppError('UNAVAILABLE', `Price feed unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AppError('UNAVAILABLE', `Price feed answered HTTP ${response.status}`);
    return parseHermesLatest(await response.json(), this.source);
  }
}

/** Validates a Hermes response and converts each feed to an exact 8-decimal USD price. */
/** The widest confidence interval (basis points of the price) a Pyth price may have to be used. */
export const MAX_CONFIDENCE_BPS = 200n;

export function parseHermesLatest(body: unknown, source = 'pyth-hermes'): PriceSnapshot {
  const parsed = HermesLatestResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      'UNAVAILABLE',
      `Price feed sent an unexpected response: ${parsed.error.issues[0]?.message}`,
    );
  }
  const byId = new Map(
    parsed.data.parsed.map((update) => [update.id.replace(/^0x/, '').toLowerCase(), update]),
  );
  const observe = (asset: Asset): PriceObservation => {
    const update = byId.get(PYTH_FEED_IDS[asset]);
    if (!update) throw new AppError('UNAVAILABLE', `Price feed response has no ${asset}/USD price`);
    const priceUsd = rescale(BigInt(update.price.price), update.price.expo, USD_DECIMALS);
    if (priceUsd <= 0n)
      throw new AppError('UNAVAILABLE', `Price feed sent a non-positive ${asset}/USD price`);
    const confidenceUsd = rescale(BigInt(update.price.conf), update.price.expo, USD_DECIMALS);
    // L9: a price this uncertain is not recorded (market_data keeps no confidence), so neither a
    // quote nor a settlement can use it; the next update usually is tighter.
    if (confidenceUsd * 10_000n > priceUsd * MAX_CONFIDENCE_BPS)
      throw new AppError(
        'UNAVAILABLE',
        `Price feed's ${asset}/USD confidence interval (±${confidenceUsd}) is wider than ${MAX_CONFIDENCE_BPS} bps of the price`,
      );
    return {
      asset,
      priceUsd,
      confidenceUsd,
      publishedAt: new Date(update.price.publish_time * 1000),
      source,
    };
  };
  return { BTC: observe('BTC'), STX: observe('STX') };
}
