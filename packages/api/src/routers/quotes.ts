import { z } from 'zod';
import { QuoteParamsSchema } from '../services/buyer-quote';
import {
  getQuote,
  listQuotes,
  prepareQuoteForChain,
  saveQuote,
  signQuoteForPurchase,
} from '../services/quotes';
import { providerProcedure, router } from '../trpc';

const QuoteId = z.object({ id: z.uuid('id must be a quote id') });

export const quotesRouter = router({
  /** Signed in: saves a quote recomputed on the server (24 h), with optional name, notes, tags. */
  save: providerProcedure
    .input(
      z.object({
        params: QuoteParamsSchema,
        name: z.string().trim().min(1).max(80).optional(),
        notes: z.string().trim().max(1_000).optional(),
        tags: z.array(z.string().trim().min(1).max(24)).max(10).optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveQuote(ctx.db, ctx.session.principal, input, ctx.quoting)),

  /** Owner only: one saved quote (an active quote past its expiry reads as EXPIRED). */
  byId: providerProcedure
    .input(QuoteId)
    .query(({ ctx, input }) => getQuote(ctx.db, ctx.session.principal, input.id, ctx.quoting.now())),

  /** Owner only: saved quotes, newest first, filtered by type and status, cursor-paginated. */
  list: providerProcedure
    .input(
      z.object({
        policyType: z.enum(['PUT', 'CALL']).optional(),
        status: z.enum(['ACTIVE', 'EXPIRED', 'PURCHASED']).optional(),
        limit: z.int().min(1).max(50).default(20),
        cursor: z.string().max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listQuotes(ctx.db, ctx.session.principal, input, ctx.quoting.now())),

  /** Owner only, active and unexpired: the exact on-chain terms in base units. */
  prepareForChain: providerProcedure
    .input(QuoteId)
    .query(({ ctx, input }) => prepareQuoteForChain(ctx.db, ctx.session.principal, input.id, ctx.quoting)),

  /**
   * Owner only, active and unexpired, and only while the pool can back it: the terms signed for
   * `policy-registry.purchase-policy`, valid for about an hour of Bitcoin blocks.
   */
  signForPurchase: providerProcedure
    .input(QuoteId)
    .mutation(({ ctx, input }) => signQuoteForPurchase(ctx.db, ctx.session.principal, input.id, ctx.quoting)),
});
