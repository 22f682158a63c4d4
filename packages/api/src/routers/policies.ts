import { listOwnPolicies } from '../services/policies';
import { router, signedInProcedure } from '../trpc';

export const policiesRouter = router({
  /** Signed in, own data: the policies this wallet bought, newest first. */
  mine: signedInProcedure.query(({ ctx }) => listOwnPolicies(ctx.db, ctx.session.principal)),
});
