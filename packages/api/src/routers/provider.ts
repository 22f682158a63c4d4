import { z } from 'zod';
import type { Context } from '../context';
import { getProviderHealth } from '../services/health';
import {
  ALLOCATION_STATUSES,
  cancelPendingWithdrawal,
  getProviderBalanceHistory,
  getProviderPortfolio,
  getProviderYieldStats,
  listProviderAllocations,
  listProviderTransactions,
  requestProviderWithdrawal,
  TRANSACTION_KINDS,
  withdrawalStates,
} from '../services/liquidity';
import { claimProviderPremiums, listProviderPremiums } from '../services/premiums';
import { router, signedInProcedure } from '../trpc';
import { MAX_INT64 } from './limits';

const Token = z.enum(['STX', 'SBTC']);
/** Base units (micro-STX or sats) as a decimal string: JSON numbers lose precision past 2^53. */
/** The ledger's balance columns are int64: a larger amount is bad input, not a database error (L4). */
export const MAX_BASE_UNITS = MAX_INT64;
export const BaseUnits = z
  .string()
  .regex(/^\d{1,30}$/, 'amount must be a whole number of base units (micro-STX or sats)')
  .transform((s) => BigInt(s))
  .refine((n) => n > 0n, 'amount must be greater than 0')
  .refine((n) => n <= MAX_BASE_UNITS, `amount must be at most ${MAX_BASE_UNITS} base units`);
const RequestId = z.uuid('requestId must be a UUID the client made for this request');
/** Keyset pages: at most 100 rows, continued with the `nextCursor` the previous page returned. */
const PageInput = {
  limit: z
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(25),
  cursor: z.string().min(1).max(100, 'cursor is not one this API issued').optional(),
};
/** A history page cursor as the API issues it: a ledger entry id (int64) as a decimal string. */
const EntryCursor = z
  .string()
  .regex(/^\d{1,19}$/, 'cursor must be a page cursor this API returned')
  .transform((s) => BigInt(s))
  .refine((id) => id <= MAX_BASE_UNITS, 'cursor must be a page cursor this API returned');

/**
 * The chain's burn height for estimates, or null when it cannot be read right now (the node is
 * down): the premiums still list, just without "in N blocks".
 */
async function burnHeightOrNull(ctx: Pick<Context, 'quoting'>): Promise<number | null> {
  try {
    return await ctx.quoting.chain.burnBlockHeight();
  } catch {
    return null;
  }
}

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

  /**
   * Signed-in provider, own data only: every ledger entry in words (deposit, withdrawal
   * requested/confirmed/cancelled, locked for policy #n, settlement debit, premium
   * pending/earned/claimed, reversals), newest first, filtered by kind and token, keyset pages.
   */
  transactions: signedInProcedure
    .input(z.object({ kind: z.enum(TRANSACTION_KINDS).optional(), token: Token.optional(), ...PageInput }))
    .query(({ ctx, input }) => listProviderTransactions(ctx.db, ctx.session.principal, input)),

  /**
   * Signed-in provider, own data only: the policies it backs (terms, collateral, premium share,
   * status, health contribution), newest first, filtered by status and token, keyset pages.
   */
  allocations: signedInProcedure
    .input(
      z.object({ status: z.enum(ALLOCATION_STATUSES).optional(), token: Token.optional(), ...PageInput }),
    )
    .query(({ ctx, input }) => listProviderAllocations(ctx.db, ctx.session.principal, input)),

  /**
   * Signed-in provider, own data only: per token, premiums earned in total, realized APY over
   * time-weighted capital (gross and net of settlements), days active, first deposit, last
   * activity, live allocations and their exposure.
   */
  yieldStats: signedInProcedure.query(({ ctx }) =>
    getProviderYieldStats(ctx.db, ctx.session.principal, ctx.quoting.now()),
  ),

  /**
   * Signed-in provider, own data only: per token, available / locked / pending withdrawal and
   * cumulative premium income over time (daily points, at most 120 per token).
   */
  balanceHistory: signedInProcedure.query(({ ctx }) =>
    getProviderBalanceHistory(ctx.db, ctx.session.principal, ctx.quoting.now()),
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
   * Signed-in provider, own premiums: per token the pending, earned and claimed totals and share
   * counts; the pending shares with their policy and when each becomes earned (due Bitcoin block
   * and estimated time); the earned and claimed history newest first, `limit` per page, continued
   * with `cursor` (the `nextCursor` of the previous page); optionally one `token`.
   */
  premiums: signedInProcedure
    .input(
      z
        .object({
          limit: z.int().min(1).max(100).default(20),
          cursor: EntryCursor.optional(),
          token: Token.optional(),
        })
        .default({ limit: 20 }),
    )
    .query(async ({ ctx, input }) =>
      listProviderPremiums(ctx.db, ctx.session.principal, input, {
        burnHeight: await burnHeightOrNull(ctx),
        now: ctx.quoting.now(),
      }),
    ),

  /**
   * Signed-in provider, own premiums: everything earned joins the available balance (withdrawable;
   * the operator credits each token's claim in the vault) — in `token`, or without one in every
   * token at once (one entry per token, one transaction). A retry with the same requestId changes
   * nothing. Refused when nothing is earned; pending shares cannot be claimed early (the message
   * says when they unlock). Answers per token the amount and the policies whose shares it paid.
   */
  claimPremiums: signedInProcedure
    .input(z.object({ token: Token.optional(), requestId: RequestId }))
    .mutation(async ({ ctx, input }) => {
      const principal = ctx.session.principal;
      const result = await claimProviderPremiums(
        ctx.db,
        { principal, token: input.token, requestId: `${principal}:${input.requestId}` },
        { burnHeight: await burnHeightOrNull(ctx), now: ctx.quoting.now() },
      );
      const total = (token: 'STX' | 'SBTC') => result.claims.find((c) => c.token === token)?.amount ?? 0n;
      // `token` and `amount` as before for a one-token claim.
      return input.token
        ? { ...result, token: input.token, amount: total(input.token) }
        : { ...result, token: null, amount: null };
    }),
});
