import { parseDecimal, TIERS } from '@bithedge/pricing';
import { z } from 'zod';
import { cachedPublicRead, inputKey } from '../context';
import { stressTestPool } from '../services/health';
import {
  getPoolHistory,
  getPoolOverview,
  getTierAvailability,
  getTierMetrics,
  HISTORY_RANGES,
} from '../services/liquidity';
import { publicProcedure, router } from '../trpc';
import { BaseUnits } from './provider';

const Token = z.enum(['STX', 'SBTC']);
const Tier = z.enum(TIERS);

/** A scenario price in USD: a positive decimal with at most 8 places, up to `max`. */
const scenarioPrice = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,12}(\.\d{1,8})?$/, 'must be a price in USD with at most 8 decimals'))
    .transform((s) => parseDecimal(s, 8))
    .refine((v) => v > 0n, 'must be greater than 0')
    .refine((v) => v <= BigInt(max) * 100_000_000n, `must be at most ${max} USD`);

/** A change from today's price in percent, −99 to +1000, kept as basis points (0.01% steps). */
const scenarioChange = z
  .number()
  .min(-99)
  .max(1000)
  .transform((n) => Math.round(n * 100));

export const StressScenarioInput = z
  .object({
    btcPriceUsd: scenarioPrice(10_000_000).optional(),
    stxPriceUsd: scenarioPrice(100_000).optional(),
    btcChangePct: scenarioChange.optional(),
    stxChangePct: scenarioChange.optional(),
  })
  .refine((s) => s.btcPriceUsd === undefined || s.btcChangePct === undefined, {
    path: ['btcChangePct'],
    message: 'give btcPriceUsd or btcChangePct, not both',
  })
  .refine((s) => s.stxPriceUsd === undefined || s.stxChangePct === undefined, {
    path: ['stxChangePct'],
    message: 'give stxPriceUsd or stxChangePct, not both',
  });

export const poolRouter = router({
  /** Public: aggregate figures only, nothing about any one provider. */
  overview: publicProcedure.query(({ ctx }) =>
    cachedPublicRead(ctx, 'pool.overview', () => getPoolOverview(ctx.db)),
  ),

  /**
   * Public, aggregates only: per token × tier — capital, locked, utilization, providers, active
   * policies, premiums earned and pending, realized yield, capacity limit, used and left.
   */
  tiers: publicProcedure.query(({ ctx }) =>
    cachedPublicRead(ctx, 'pool.tiers', () => getTierMetrics(ctx.db)),
  ),

  /**
   * Public, aggregates only: whether a tier takes a deposit of `amount` base units under its
   * capacity limit (and the room left), and whether it could back that much collateral now.
   */
  tierAvailability: publicProcedure
    .input(z.object({ tier: Tier, token: Token, amount: BaseUnits }))
    .query(({ ctx, input }) => getTierAvailability(ctx.db, input)),

  /**
   * Public, aggregates only: the hourly snapshots of a token's pool (or one tier) over a range
   * (24h, 7d, 30d, all), oldest first, at most 750 points.
   */
  history: publicProcedure
    .input(z.object({ token: Token, tier: Tier.optional(), range: z.enum(HISTORY_RANGES).default('7d') }))
    .query(({ ctx, input }) =>
      cachedPublicRead(ctx, `pool.history:${inputKey(input)}`, () => getPoolHistory(ctx.db, input)),
    ),

  /**
   * Public, aggregates only: the pool at a price scenario (a price or a % change per asset; none =
   * today) — providers by health status, requirement and collateral per tier, payouts, shortfall
   * and LP net if every live policy settled at it, and the curve over BTC −90%…+100%.
   */
  stressTest: publicProcedure.input(StressScenarioInput.default({})).query(({ ctx, input }) =>
    cachedPublicRead(ctx, `pool.stressTest:${inputKey(input)}`, () =>
      stressTestPool(ctx.db, {
        btcPriceUsd: input.btcPriceUsd,
        stxPriceUsd: input.stxPriceUsd,
        btcChangeBps: input.btcChangePct,
        stxChangeBps: input.stxChangePct,
      }),
    ),
  ),
});
