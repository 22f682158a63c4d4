import { z } from 'zod';
import { getProviderHealth } from '../services/health';
import { claimPremiums } from '../services/ledger';
import {
  cancelPendingWithdrawal,
  getProviderPortfolio,
  requestProviderWithdrawal,
  withdrawalStates,
} from '../services/liquidity';
import { router, signedInProcedure } from '../trpc';

const Token = z.enum(['STX', 'SBTC']);
/** Base units (micro-STX or sats) as a decimal string: JSON numbers lose precision past 2^53. */
/** The ledger's balance columns are int64: a larger amount is bad input, not a database error (L4). */
export const MAX_BASE_UNITS = 2n ** 63n - 1n;
export const BaseUnits = z
  .string()
  .regex(/^\d{1,30}$/, 'amount must be a whole number of base units (micro-STX or sats)')
  .transform((s) => BigInt(s))
  .refine((n) => n > 0n, 'amount must be greater than 0')
  .refine((n) => n <= MAX_BASE_UNITS, `amount must be at most ${MAX_BASE_UNITS} base units`);
const RequestId = z.uuid('requestId must be a UUID the client made for this request');

export const providerRouter = router({
  /** Signed-in provider, own data: tier, health and balances per token (null before a deposit). */
  portfolio: signedInProcedure.query(({ ctx }) => getProviderPortfolio(ctx.db, ctx.session.principal)),

  /**
   * Signed-in provider, own data: collateral health at the current prices (status, ratio,
   * requirement, value, what may be withdrawn and what deposit restores Healthy per token), next to
   * what the monitor last recorded and the transition that last changed it. Null before a deposit.
   */
  health: signedInProcedure.query(({ ctx }) =>
    getProviderHealth(ctx.db, ctx.session.principal, {
      now: ctx.quoting.now(),
      maxPriceAgeMs: ctx.quoting.maxPriceAgeMs,
    }),
  ),

  /** Signed-in provider, own data: per token, what is pending withdrawal and what the vault authorizes. */
  withdrawals: signedInProcedure.query(({ ctx }) => withdrawalStates(ctx.db, ctx.session.principal)),

  /**
   * Signed-in provider, own funds: reserves `amount` of the available balance for withdrawal (a
   * retry with the same requestId changes nothing). The operator then authorizes it on chain and
   * the provider's wallet withdraws it.
   */
  requestWithdrawal: signedInProcedure
    .input(z.object({ token: Token, amount: BaseUnits, requestId: RequestId }))
    .mutation(async ({ ctx, input }) => {
      const { applied } = await requestProviderWithdrawal(ctx.db, ctx.session.principal, input, {
        now: ctx.quoting.now(),
        maxPriceAgeMs: ctx.quoting.maxPriceAgeMs,
      });
      return { applied, token: input.token, amount: input.amount };
    }),

  /**
   * Signed-in provider, own funds: returns everything pending withdrawal to the available balance —
   * at once when the vault authorizes none of it (state CANCELLED), else once the operator's lowered
   * allowance is ingested (state CANCELLING until then; the funds can still be withdrawn meanwhile).
   */
  cancelWithdrawal: signedInProcedure
    .input(z.object({ token: Token, requestId: RequestId }))
    .mutation(async ({ ctx, input }) => {
      const { applied, state, amount } = await cancelPendingWithdrawal(ctx.db, ctx.session.principal, input);
      return { applied, state, token: input.token, amount };
    }),

  /**
   * Signed-in provider, own premiums: everything earned in a token joins the available balance
   * (withdrawable; the operator credits it in the vault). Refused when nothing is earned.
   */
  claimPremiums: signedInProcedure
    .input(z.object({ token: Token, requestId: RequestId }))
    .mutation(async ({ ctx, input }) => {
      const principal = ctx.session.principal;
      const { applied, entries } = await claimPremiums(ctx.db, {
        principal,
        token: input.token,
        requestId: `${principal}:${input.requestId}`,
      });
      return { applied, token: input.token, amount: entries[0]?.amount ?? 0n };
    }),
});
