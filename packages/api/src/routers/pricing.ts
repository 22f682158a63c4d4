import { computeBuyerQuote, logPremiumCalculation, QuoteParamsSchema } from '../services/quotes';
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
});
