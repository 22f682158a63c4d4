import { getProviderPortfolio } from '../services/provider-portfolio';
import { providerProcedure, router } from '../trpc';

export const providerRouter = router({
  /** Signed-in provider, own data: tier, health and balances per token (null before a deposit). */
  portfolio: providerProcedure.query(({ ctx }) => getProviderPortfolio(ctx.db, ctx.session.principal)),
});
