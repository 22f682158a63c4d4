import { listOwnPolicies } from '../services/policies/owned';
import { providerProcedure, router } from '../trpc';

export const policiesRouter = router({
  /** Signed in, own data: the policies this wallet bought, newest first. */
  mine: providerProcedure.query(({ ctx }) => listOwnPolicies(ctx.db, ctx.session.principal)),
});
