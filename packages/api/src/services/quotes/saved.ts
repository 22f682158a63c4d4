import {
  type Executor,
  type PolicyType,
  type QuoteType,
  quotes,
  type TierName,
  type Token,
} from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { and, desc, eq, gt, lt, lte, or, sql } from 'drizzle-orm';
import superjson from 'superjson';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { SAVED_QUOTE_LIMITS } from './limits';
import { type BuyerQuote, computeBuyerQuote, type QuoteParams, type QuotingDeps } from './price';
import {
  backedPolicyType,
  computeProviderYieldQuote,
  type ProviderYieldParams,
  type ProviderYieldQuote,
} from './provider-yield';

/** How long a saved quote can be bought at its price. */
export const QUOTE_TTL_MS = DAY_MS;

export type QuoteStatus = 'ACTIVE' | 'EXPIRED' | 'PURCHASED' | 'COMMITTED' | 'DECLINED';

interface SavedQuoteBase {
  id: string;
  owner: string;
  /** A provider quote's: the policies its capital backs (STX backs PUTs, sBTC CALLs). */
  policyType: PolicyType;
  /** ACTIVE quotes past their expiry read as EXPIRED even before the cron step marks them. */
  status: QuoteStatus;
  name: string | null;
  notes: string | null;
  tags: string[];
  /** Buyer: the premium. Provider: the estimated premium income. USD, 8 decimals. */
  premiumUsd: bigint;
  expiresAt: Date;
  purchasedAt: Date | null;
  committedAt: Date | null;
  /** The deposit transaction that committed a provider quote. */
  committedTxId: string | null;
  declinedAt: Date | null;
  createdAt: Date;
}

export interface SavedBuyerQuote extends SavedQuoteBase {
  quoteType: 'BUYER';
  quote: BuyerQuote;
}

export interface SavedProviderQuote extends SavedQuoteBase {
  quoteType: 'PROVIDER';
  token: Token;
  tier: TierName;
  quote: ProviderYieldQuote;
}

export type SavedQuote = SavedBuyerQuote | SavedProviderQuote;

interface SaveMetadata {
  name?: string | undefined;
  notes?: string | undefined;
  tags?: string[] | undefined;
}

export type SaveBuyerQuoteInput = SaveMetadata & { quoteType?: 'BUYER' | undefined; params: QuoteParams };
export type SaveProviderQuoteInput = SaveMetadata & { quoteType: 'PROVIDER'; params: ProviderYieldParams };
export type SaveQuoteInput = SaveBuyerQuoteInput | SaveProviderQuoteInput;

type QuoteRow = typeof quotes.$inferSelect;

// jsonb holds superjson's encoding, so bigints and dates come back exactly as they went in.
export const encodeQuoteJson = (value: unknown) => superjson.serialize(value);
const decode = <T>(value: unknown) =>
  superjson.deserialize<T>(value as Parameters<typeof superjson.deserialize>[0]);

function toSavedQuote(row: QuoteRow, now: Date): SavedQuote {
  const expired = row.status === 'ACTIVE' && row.expiresAt.getTime() <= now.getTime();
  const base: SavedQuoteBase = {
    id: row.id,
    owner: row.owner,
    policyType: row.policyType,
    status: expired ? 'EXPIRED' : row.status,
    name: row.name,
    notes: row.notes,
    tags: row.tags,
    premiumUsd: row.premiumUsd,
    expiresAt: row.expiresAt,
    purchasedAt: row.purchasedAt,
    committedAt: row.committedAt,
    committedTxId: row.committedTxId,
    declinedAt: row.declinedAt,
    createdAt: row.createdAt,
  };
  if (row.quoteType === 'PROVIDER') {
    // A quote saved before yield quotes named their policy type lacks it: it follows from the token.
    const stored = decode<Omit<ProviderYieldQuote, 'policyType'> & { policyType?: PolicyType }>(row.result);
    const quote = { ...stored, policyType: stored.policyType ?? backedPolicyType(stored.token) };
    return {
      ...base,
      policyType: quote.policyType,
      quoteType: 'PROVIDER',
      token: quote.token,
      tier: quote.tier,
      quote,
    };
  }
  return { ...base, quoteType: 'BUYER', quote: decode<BuyerQuote>(row.result) };
}

type QuoteInsert = typeof quotes.$inferInsert;

/** The row a save stores: the quote recomputed on the server, with its snapshots. */
async function priceForSave(
  db: Executor,
  input: SaveQuoteInput,
  deps: QuotingDeps,
): Promise<Omit<QuoteInsert, 'owner' | 'expiresAt'> & { computedAt: Date }> {
  const meta = { name: input.name ?? null, notes: input.notes ?? null, tags: input.tags ?? [] };
  if (input.quoteType === 'PROVIDER') {
    const quote = await computeProviderYieldQuote(db, input.params, deps);
    return {
      ...meta,
      quoteType: 'PROVIDER',
      policyType: quote.policyType,
      token: quote.token,
      tier: quote.tier,
      params: input.params,
      result: encodeQuoteJson(quote),
      riskParams: encodeQuoteJson(quote.riskParameters),
      marketData: encodeQuoteJson(quote.market),
      premiumUsd: quote.premiumIncome.usd,
      computedAt: quote.computedAt,
    };
  }
  if (input.params.spotOverrideUsd !== undefined)
    throw new AppError(
      'BAD_REQUEST',
      'spotOverrideUsd: a what-if quote cannot be saved; remove the override',
    );
  const quote = await computeBuyerQuote(db, input.params, deps);
  return {
    ...meta,
    quoteType: 'BUYER',
    policyType: quote.policyType,
    params: input.params,
    result: encodeQuoteJson(quote),
    riskParams: encodeQuoteJson(quote.riskParameters),
    marketData: encodeQuoteJson(quote.market),
    premiumUsd: quote.premiumUsd,
    computedAt: quote.computedAt,
  };
}

/**
 * Saves a quote for `owner`, recomputed here from the parameters: the premium (or a provider's
 * yield) is the server's, whatever a client may claim. What-if quotes (a spot override) cannot
 * be saved.
 */
export async function saveQuote(
  db: Executor,
  owner: string,
  input: SaveBuyerQuoteInput,
  deps: QuotingDeps,
): Promise<SavedBuyerQuote>;
export async function saveQuote(
  db: Executor,
  owner: string,
  input: SaveProviderQuoteInput,
  deps: QuotingDeps,
): Promise<SavedProviderQuote>;
export async function saveQuote(
  db: Executor,
  owner: string,
  input: SaveQuoteInput,
  deps: QuotingDeps,
): Promise<SavedQuote>;
export async function saveQuote(
  db: Executor,
  owner: string,
  input: SaveQuoteInput,
  deps: QuotingDeps,
): Promise<SavedQuote> {
  const { computedAt, ...values } = await priceForSave(db, input, deps);
  const row = await db.transaction(async (tx) => {
    await assertUnderSavedQuoteQuota(tx, owner, deps.now());
    const [inserted] = await tx
      .insert(quotes)
      .values({ ...values, owner, expiresAt: new Date(computedAt.getTime() + QUOTE_TTL_MS) })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    return inserted;
  });
  return toSavedQuote(row, deps.now());
}

/**
 * Refuses a save past the account's quota of live quotes (M5: saving is free, so without a cap
 * one account could grow the table without bound). The per-owner advisory lock makes the count
 * and the insert after it one step, so concurrent saves cannot overshoot the cap.
 */
async function assertUnderSavedQuoteQuota(tx: Executor, owner: string, now: Date): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`quotes:${owner}`}))`);
  const live = await tx.$count(
    quotes,
    and(eq(quotes.owner, owner), eq(quotes.status, 'ACTIVE'), gt(quotes.expiresAt, now)),
  );
  const max = SAVED_QUOTE_LIMITS.maxActivePerAccount;
  if (live >= max)
    throw new AppError(
      'CAPACITY_EXCEEDED',
      `quotes: you already have ${live} active saved quotes, the most one account may keep (${max}); buy, commit or decline one, or wait for some to expire`,
    );
}

/** One of the owner's quotes; anyone else's reads as not found (it does not confirm it exists). */
export async function getQuote(db: Executor, owner: string, id: string, now: Date): Promise<SavedQuote> {
  const [row] = await db
    .select()
    .from(quotes)
    .where(and(eq(quotes.id, id), eq(quotes.owner, owner)));
  if (!row) throw new AppError('NOT_FOUND', `No quote ${id}`);
  return toSavedQuote(row, now);
}

export interface ListQuotesInput {
  quoteType?: QuoteType | undefined;
  /** Buyer quotes of this policy type only. */
  policyType?: PolicyType | undefined;
  status?: QuoteStatus | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/**
 * The owner's quotes, newest first, keyset-paginated on (created_at, id) so pages stay stable
 * while quotes are added. The status filter uses the effective status (an ACTIVE quote past its
 * expiry is EXPIRED).
 */
export async function listQuotes(
  db: Executor,
  owner: string,
  input: ListQuotesInput,
  now: Date,
): Promise<{ items: SavedQuote[]; nextCursor: string | null }> {
  const conditions = [eq(quotes.owner, owner)];
  if (input.quoteType) conditions.push(eq(quotes.quoteType, input.quoteType));
  // A provider quote's PUT is the policies it backs, not a policy it buys: filter buyers only.
  if (input.policyType)
    conditions.push(eq(quotes.policyType, input.policyType), eq(quotes.quoteType, 'BUYER'));
  if (input.status === 'ACTIVE')
    conditions.push(and(eq(quotes.status, 'ACTIVE'), gt(quotes.expiresAt, now)) ?? sql`false`);
  else if (input.status === 'EXPIRED')
    conditions.push(
      or(eq(quotes.status, 'EXPIRED'), and(eq(quotes.status, 'ACTIVE'), lte(quotes.expiresAt, now))) ??
        sql`false`,
    );
  else if (input.status) conditions.push(eq(quotes.status, input.status));
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor);
    const createdAt = new Date(cursor.createdAt);
    conditions.push(
      or(lt(quotes.createdAt, createdAt), and(eq(quotes.createdAt, createdAt), lt(quotes.id, cursor.id))) ??
        sql`false`,
    );
  }
  const rows = await db
    .select()
    .from(quotes)
    .where(and(...conditions))
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toSavedQuote(row, now)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}
