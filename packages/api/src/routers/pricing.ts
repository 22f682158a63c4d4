import { z } from 'zod';
import { cachedPublicRead } from '../context';
import {
  computeBuyerQuote,
  logPremiumCalculation,
  ProviderYieldParamsSchema,
  providerYieldTiers,
  QuoteParamsSchema,
  quoteProviderYield,
} from '../services/quotes';
import { publicProcedure, router } from '../trpc';

export const pricingRouter = router({
  /**
   * Public: the premium, breakdown, Greeks and payoff of a policy at the current market data and
   * active risk parameters. Requests are sampled into premium_calculations (see QuoteLogSampler).
   */
  buyerQuote: publicProcedure.input(QuoteParamsSchema).query(async ({ ctx, input }) => {
    const quote = await computeBuyerQuote(ctx.db, input, ctx.quoting);
    const caller = ctx.session?.principal ?? null;
    if (ctx.quoting.logSampler.shouldLog(caller ?? 'anonymous', JSON.stringify(input), Date.now())) {
      // A lost log row must not cost the buyer their quote.
      await logPremiumCalculation(ctx.db, {
        principal: caller,
        params: input,
        result: {
          premiumUsd: quote.premiumUsd.toString(),
          premiumPercentage: quote.premiumPercentage,
          volatility: quote.volatility,
          riskParametersId: quote.riskParameters.id,
          btcPriceUsd: quote.market.BTC.priceUsd.toString(),
        },
        premiumUsd: quote.premiumUsd,
      }).catch((error: unknown) => console.error('premium_calculations insert failed', error));
    }
    return quote;
  }),

  /**
   * Public: a liquidity provider's expected premium income, settlement loss, net yield, APY and
   * risk for a deposit of `amount` `token` under `tier` for `days`, from calculateProviderYield
   * on the live prices, volatility, risk parameters and tier utilization, with its assumptions.
   * Requests are sampled into yield_calculations.
   */
  providerYieldQuote: publicProcedure
    .input(ProviderYieldParamsSchema)
    .query(({ ctx, input }) =>
      quoteProviderYield(ctx.db, ctx.session?.principal ?? null, input, ctx.quoting),
    ),

  /** Public: each tier's live APY range (1 day to a year) and capacity for `token` (tier cards). */
  providerYieldTiers: publicProcedure
    .input(z.object({ token: z.enum(['STX', 'SBTC'], 'token must be STX or SBTC') }))
    .query(({ ctx, input }) =>
      cachedPublicRead(ctx, `pricing.providerYieldTiers:${input.token}`, () =>
        providerYieldTiers(ctx.db, input.token, ctx.quoting),
      ),
    ),
});
