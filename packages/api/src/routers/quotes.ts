import { POLICY_TYPES } from '@bithedge/pricing';
import { z } from 'zod';
import {
  declineQuote,
  getQuote,
  listQuotes,
  ProviderYieldParamsSchema,
  prepareSavedQuoteForChain,
  QuoteParamsSchema,
  saveQuote,
  signQuoteForPurchase,
} from '../services/quotes';
import { router, signedInProcedure } from '../trpc';
import { MAX_INT64 } from './limits';

const QuoteId = z.object({ id: z.uuid('id must be a quote id') });
/** Premiums are stored in a bigint (int64) column. */

/** Free text stored with a quote: PostgreSQL text cannot hold U+0000, so it is refused here. */
const savedText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

const metadata = {
  name: savedText(1, 80).optional(),
  notes: savedText(0, 1_000).optional(),
  tags: z.array(savedText(1, 24)).max(10).optional(),
};

/**
 * A buyer quote (`quoteType` absent or BUYER, `params` as pricing.buyerQuote) or a provider yield
 * quote (`quoteType: 'PROVIDER'`, `params` as pricing.providerYieldQuote). A missing `quoteType`
 * reads as BUYER, so existing clients are unchanged.
 */
const SaveQuoteSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !('quoteType' in value)
      ? { ...value, quoteType: 'BUYER' }
      : value,
  z.discriminatedUnion(
    'quoteType',
    [
      z.object({ quoteType: z.literal('BUYER'), params: QuoteParamsSchema, ...metadata }),
      z.object({ quoteType: z.literal('PROVIDER'), params: ProviderYieldParamsSchema, ...metadata }),
    ],
    { error: 'quoteType must be BUYER or PROVIDER' },
  ),
);

export const quotesRouter = router({
  /**
   * Signed in: saves a buyer or provider quote recomputed on the server (24 h), with optional
   * name, notes and tags, owned by the caller.
   */
  save: signedInProcedure
    .input(SaveQuoteSchema)
    .mutation(({ ctx, input }) => saveQuote(ctx.db, ctx.session.principal, input, ctx.quoting)),

  /** Owner only: declines one of their active, unexpired quotes (it stays listed as DECLINED). */
  decline: signedInProcedure
    .input(QuoteId)
    .mutation(({ ctx, input }) => declineQuote(ctx.db, ctx.session.principal, input.id, ctx.quoting.now())),

  /** Owner only: one saved quote (an active quote past its expiry reads as EXPIRED). */
  byId: signedInProcedure
    .input(QuoteId)
    .query(({ ctx, input }) => getQuote(ctx.db, ctx.session.principal, input.id, ctx.quoting.now())),

  /**
   * Owner only: saved quotes (buyer and provider, each with its `quoteType`), newest first,
   * filtered by quote type, policy type (buyer quotes) and status, cursor-paginated.
   */
  list: signedInProcedure
    .input(
      z.object({
        quoteType: z.enum(['BUYER', 'PROVIDER']).optional(),
        policyType: z.enum(POLICY_TYPES).optional(),
        status: z.enum(['ACTIVE', 'EXPIRED', 'PURCHASED', 'COMMITTED', 'DECLINED']).optional(),
        limit: z.int().min(1).max(50).default(20),
        cursor: z.string().max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listQuotes(ctx.db, ctx.session.principal, input, ctx.quoting.now())),

  /**
   * Owner only, active and unexpired: the exact on-chain terms in base units. A buyer quote's are
   * RE-PRICED now from the saved parameters (what a purchase would be signed at), with the saved
   * pricing next to them; a provider quote's are the vault deposit call (function, tier, amount)
   * and the period in blocks, refused when the tier has no room for the amount.
   */
  prepareForChain: signedInProcedure
    .input(QuoteId)
    .query(({ ctx, input }) =>
      prepareSavedQuoteForChain(ctx.db, ctx.session.principal, input.id, ctx.quoting),
    ),

  /**
   * Owner only, active and unexpired, and only while the pool can back it: the CURRENT terms
   * (re-priced now) signed for `policy-registry.purchase-policy`, valid for 300 s of chain time.
   * `acceptedPremiumUsd` is the premium the buyer saw (default: the saved one); when the current
   * premium is higher the answer is `{status: 'PRICE_CHANGED', current}` and nothing is signed.
   */
  signForPurchase: signedInProcedure
    .input(
      QuoteId.extend({
        acceptedPremiumUsd: z
          .bigint('acceptedPremiumUsd must be USD with 8 decimals, as a bigint')
          .min(0n, 'acceptedPremiumUsd must not be negative')
          .max(MAX_INT64, 'acceptedPremiumUsd is too large')
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => signQuoteForPurchase(ctx.db, ctx.session.principal, input, ctx.quoting)),
});
