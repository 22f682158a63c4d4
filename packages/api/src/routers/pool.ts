import { getPoolOverview } from '../services/liquidity';
import { publicProcedure, router } from '../trpc';

export const poolRouter = router({
  /** Public: aggregate figures only, nothing about any one provider. */
  overview: publicProcedure.query(({ ctx }) => getPoolOverview(ctx.db)),
});
