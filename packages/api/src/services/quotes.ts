import { type QuoteTerms, quoteValidUntil, signQuoteTerms } from '@bithedge/contracts';
import { type Executor, type PolicyType, quotes, type TierName } from '@bithedge/db';
import { daysToBlocks, divide, SATS_PER_BTC, usdToMicroStx } from '@bithedge/pricing';
import { and, desc, eq, gt, lt, lte, or, sql } from 'drizzle-orm';
import superjson from 'superjson';
import { z } from 'zod';
import type { ChainClock } from '../adapters/chain-clock';
import { AppError } from '../errors';
import { SAVED_QUOTE_LIMITS } from '../quote-limits';
import { type BuyerQuote, computeBuyerQuote, type QuoteParams, type QuotingDeps } from './buyer-quote';
import { getFreshMarketData } from './market-data';
import { requiredCollateral, tierCapacity } from './policies/allocation';
import { backingTier, eligibleTiers } from './policies/backing-tier';

/** How long a saved quote can be bought at its price. */
export const QUOTE_TTL_MS = 24 * 3_600_000;

export type QuoteStatus = 'ACTIVE' | 'EXPIRED' | 'PURCHASED';

export interface SavedQuote {
  id: string;
  owner: string;
  policyType: PolicyType;
  /** ACTIVE quotes past their expiry read as EXPIRED even before the cron step marks them. */
  status: QuoteStatus;
  name: string | null;
  notes: string | null;
  tags: string[];
  premiumUsd: bigint;
  quote: BuyerQuote;
  expiresAt: Date;
  purchasedAt: Date | null;
  createdAt: Date;
}

export interface SaveQuoteInput {
  params: QuoteParams;
  name?: string | undefined;
  notes?: string | undefined;
  tags?: string[] | undefined;
}

type QuoteRow = typeof quotes.$inferSelect;

// jsonb holds superjson's encoding, so bigints and dates come back exactly as they went in.
const encode = (value: unknown) => superjson.serialize(value);
const decode = <T>(value: unknown) =>
  superjson.deserialize<T>(value as Parameters<typeof superjson.deserialize>[0]);

function toSavedQuote(row: QuoteRow, now: Date): SavedQuote {
  const expired = row.status === 'ACTIVE' && row.expiresAt.getTime() <= now.getTime();
  return {
    id: row.id,
    owner: row.owner,
    policyType: row.policyType,
    status: expired ? 'EXPIRED' : row.status,
    name: row.name,
    notes: row.notes,
    tags: row.tags,
    premiumUsd: row.premiumUsd,
    quote: decode<BuyerQuote>(row.result),
    expiresAt: row.expiresAt,
    purchasedAt: row.purchasedAt,
    createdAt: row.createdAt,
  };
}

/**
 * Saves a quote for `owner`, recomputed here from the parameters: the premium is the server's,
 * whatever a client may claim. What-if quotes (a spot override) cannot be saved.
 */
export async function saveQuote(
  db: Executor,
  owner: string,
  input: SaveQuoteInput,
  deps: QuotingDeps,
): Promise<SavedQuote> {
  if (input.params.spotOverrideUsd !== undefined)
    throw new AppError(
      'BAD_REQUEST',
      'spotOverrideUsd: a what-if quote cannot be saved; remove the override',
    );
  const quote = await computeBuyerQuote(db, input.params, deps);
  const row = await db.transaction(async (tx) => {
    await assertUnderSavedQuoteQuota(tx, owner, deps.now());
    const [inserted] = await tx
      .insert(quotes)
      .values({
        owner,
        policyType: quote.policyType,
        params: input.params,
        result: encode(quote),
        riskParams: encode(quote.riskParameters),
        marketData: encode(quote.market),
        premiumUsd: quote.premiumUsd,
        name: input.name ?? null,
        notes: input.notes ?? null,
        tags: input.tags ?? [],
        expiresAt: new Date(quote.computedAt.getTime() + QUOTE_TTL_MS),
      })
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
      `quotes: you already have ${live} active saved quotes, the most one account may keep (${max}); buy one or wait for some to expire`,
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
  policyType?: PolicyType | undefined;
  status?: QuoteStatus | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/**
 * What a cursor decodes to. The id goes into a uuid comparison and the date into a timestamptz
 * one, so both are checked here: a crafted cursor must be a BAD_REQUEST, never a database error.
 */
const CursorSchema = z.object({
  createdAt: z.iso.datetime().refine((s) => isRepresentableTimestamp(new Date(s)), 'createdAt out of range'),
  id: z.uuid(),
});
type Cursor = z.infer<typeof CursorSchema>;

/** PostgreSQL has no year 0 and JS dates stop at ±275760: cursors we issue fall in 1970–9999. */
function isRepresentableTimestamp(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1970 && year <= 9999;
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ createdAt: row.createdAt.toISOString(), id: row.id })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not JSON: refused below like any other shape
  }
  const parsed = CursorSchema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_REQUEST', 'cursor: not a cursor this API issued');
  return parsed.data;
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
  if (input.policyType) conditions.push(eq(quotes.policyType, input.policyType));
  if (input.status === 'ACTIVE')
    conditions.push(and(eq(quotes.status, 'ACTIVE'), gt(quotes.expiresAt, now)) ?? sql`false`);
  else if (input.status === 'EXPIRED')
    conditions.push(
      or(eq(quotes.status, 'EXPIRED'), and(eq(quotes.status, 'ACTIVE'), lte(quotes.expiresAt, now))) ??
        sql`false`,
    );
  else if (input.status === 'PURCHASED') conditions.push(eq(quotes.status, 'PURCHASED'));
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

/** The exact terms a `policy-registry` purchase takes, in the contract's base units. */
export interface ChainTerms {
  quoteId: string;
  policyType: PolicyType;
  /** BTC covered, in sats. */
  amountSats: bigint;
  /** Strike (USD, 8 decimals per BTC). */
  strikeUsd: bigint;
  /** strike × amount in micro-STX at `stxPriceUsd`, rounded up: the collateral the pool locks. */
  protectedValueMicroStx: bigint;
  /** The saved premium in micro-STX at `stxPriceUsd`, rounded up: the buyer never pays less. */
  premiumMicroStx: bigint;
  premiumUsd: bigint;
  /** STX/USD (8 decimals) used for both conversions. */
  stxPriceUsd: bigint;
  stxPriceObservedAt: Date;
  /** Burn height now, and the one the policy expires at (144 blocks a day). */
  currentBurnHeight: bigint;
  expirationBurnHeight: bigint;
  /** The quote itself can be bought until then. */
  quoteExpiresAt: Date;
  /** The tier whose providers would back it (then riskier ones), by its moneyness. */
  backingTier: TierName;
}

/** Chain-ready terms for one of the owner's quotes; only an active, unexpired quote has them. */
export async function prepareQuoteForChain(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock },
): Promise<ChainTerms> {
  const now = deps.now();
  const saved = await getQuote(db, owner, id, now);
  if (saved.status === 'EXPIRED')
    throw new AppError(
      'QUOTE_EXPIRED',
      `Quote ${id} expired at ${saved.expiresAt.toISOString()}; request a new one`,
    );
  if (saved.status !== 'ACTIVE') throw new AppError('INVALID_STATE', `Quote ${id} was already purchased`);
  const [market, burnHeight] = await Promise.all([
    getFreshMarketData(db, deps.maxPriceAgeMs, now),
    deps.chain.burnBlockHeight(),
  ]);
  const { quote } = saved;
  const protectedValueUsd = divide(quote.strikeUsd * quote.amountSats, SATS_PER_BTC, 'ceil');
  const currentBurnHeight = BigInt(burnHeight);
  return {
    quoteId: saved.id,
    policyType: saved.policyType,
    amountSats: quote.amountSats,
    strikeUsd: quote.strikeUsd,
    protectedValueMicroStx: usdToMicroStx(protectedValueUsd, market.STX.priceUsd, 'ceil'),
    premiumMicroStx: usdToMicroStx(saved.premiumUsd, market.STX.priceUsd, 'ceil'),
    premiumUsd: saved.premiumUsd,
    stxPriceUsd: market.STX.priceUsd,
    stxPriceObservedAt: market.STX.observedAt,
    currentBurnHeight,
    expirationBurnHeight: currentBurnHeight + daysToBlocks(quote.params.days),
    quoteExpiresAt: saved.expiresAt,
    backingTier: backingTier(saved.policyType, quote.params.protectedValuePercentage),
  };
}

/** The key that signs quotes for the registry (its public key is the registry's quote key). */
export interface QuoteSigner {
  privateKey: string;
  /** SIP-018 chain id: 1 on mainnet, 0x80000000 on testnet and devnet. */
  chainId: number;
  /** The registry the signatures are for (part of the SIP-018 domain). */
  registryId: string;
}

/** How long a signed quote can be bought for: about an hour of Bitcoin blocks. */
export const PURCHASE_WINDOW_BLOCKS = 6n;

/**
 * The owner's quote as terms the registry accepts, signed: bought within the purchase window
 * (never past the quote's own expiry), and only while the pool can back it — a policy the pool
 * cannot collateralize is refused here, before the buyer pays.
 */
export async function signQuoteForPurchase(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock; signer: QuoteSigner | null },
): Promise<{ terms: QuoteTerms; signature: string; collateralMicroStx: bigint }> {
  if (!deps.signer) throw new AppError('UNAVAILABLE', 'Quote signing is not configured on this server');
  const chain = await prepareQuoteForChain(db, owner, id, deps);
  const collateral = await requiredCollateral(db, chain.backingTier, 'STX', chain.protectedValueMicroStx);
  const capacity = await tierCapacity(db, 'STX', eligibleTiers(chain.backingTier));
  if (capacity < collateral)
    throw new AppError(
      'INSUFFICIENT_FUNDS',
      `The pool cannot back this policy right now: it needs ${collateral} µSTX of ${chain.backingTier}-tier collateral and ${capacity} µSTX is free`,
    );
  const terms: QuoteTerms = {
    quoteId: chain.quoteId,
    buyer: owner,
    policyType: chain.policyType,
    strikeUsd: chain.strikeUsd,
    amountSats: chain.amountSats,
    protectedValue: chain.protectedValueMicroStx,
    premium: chain.premiumMicroStx,
    expirationHeight: chain.expirationBurnHeight,
    // Minimal C1 change (helper C rewrites this function): a few minutes of chain time.
    validUntil: quoteValidUntil(await deps.chain.unixTime()),
    collateral,
  };
  return {
    terms,
    signature: signQuoteTerms(terms, deps.signer.privateKey, deps.signer.chainId, deps.signer.registryId),
    collateralMicroStx: collateral,
  };
}

/** Marks every active quote past its expiry as EXPIRED in one statement (the cron step). */
export async function expireQuotes(db: Executor, now: Date): Promise<{ expired: number }> {
  const rows = await db
    .update(quotes)
    .set({ status: 'EXPIRED' })
    .where(and(eq(quotes.status, 'ACTIVE'), lte(quotes.expiresAt, now)))
    .returning({ id: quotes.id });
  return { expired: rows.length };
}
