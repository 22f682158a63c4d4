import { type QuoteTerms, quoteValidUntil, signQuoteTerms } from '@bithedge/contracts';
import { type Executor, type PolicyType, quotes, type TierName } from '@bithedge/db';
import { daysToBlocks, divide, minAmount, SATS_PER_BTC, usdToMicroStx } from '@bithedge/pricing';
import { and, desc, eq, gt, lt, lte, or, sql } from 'drizzle-orm';
import superjson from 'superjson';
import { z } from 'zod';
import type { ChainClock } from '../adapters/chain-clock';
import { AppError } from '../errors';
import { SAVED_QUOTE_LIMITS } from '../quote-limits';
import { type BuyerQuote, computeBuyerQuote, type QuoteParams, type QuotingDeps } from './buyer-quote';
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

/**
 * How old the prices a purchase is signed at may be. Quoting tolerates `maxPriceAgeMs` (15 min by
 * default) for display, but signing at a stale price would reopen C1 on a small scale: a buyer
 * watching the real market could buy at a price the feed has not caught up with. The
 * `market-data` step runs every minute, so this allows one missed run.
 */
export const SIGNING_MAX_PRICE_AGE_MS = 3 * 60_000;

/** What a quote was saved (or last signed) at: shown next to the current terms. */
export interface SavedPricing {
  premiumUsd: bigint;
  spotUsd: bigint;
  strikeUsd: bigint;
  pricedAt: Date;
}

/**
 * The exact terms a `policy-registry` purchase of a saved quote would take now, in the contract's
 * base units. They are RE-PRICED from the saved parameters at the current market data and active
 * risk parameters (C1): a saved quote is information for 24 h, never a price the buyer can come
 * back to. The protected-value percentage is the product parameter, so the strike is re-derived
 * from the current spot; `saved` holds what the quote said before, for comparison.
 */
export interface ChainTerms {
  quoteId: string;
  policyType: PolicyType;
  /** BTC covered, in sats. */
  amountSats: bigint;
  /** When these terms were priced (the policy's term counts from here). */
  pricedAt: Date;
  /** BTC spot (USD, 8 decimals) they were priced at. */
  spotUsd: bigint;
  /** Current spot × the saved protected-value percentage (USD, 8 decimals per BTC). */
  strikeUsd: bigint;
  /** strike × amount in micro-STX at `stxPriceUsd`, rounded up: the collateral the pool locks. */
  protectedValueMicroStx: bigint;
  /** The current premium in micro-STX at `stxPriceUsd`, rounded up: the buyer never pays less. */
  premiumMicroStx: bigint;
  /** The current premium (USD, 8 decimals). */
  premiumUsd: bigint;
  /** The quote as saved (or as last signed), to show next to the current terms. */
  saved: SavedPricing;
  /** STX/USD (8 decimals) used for both conversions. */
  stxPriceUsd: bigint;
  stxPriceObservedAt: Date;
  /** Burn height now, and the one the policy expires at (144 blocks a day). */
  currentBurnHeight: bigint;
  expirationBurnHeight: bigint;
  /** The saved quote can be signed for purchase until then (each signature lasts 300 s). */
  quoteExpiresAt: Date;
  /** The tier whose providers would back it (then riskier ones), by its moneyness. */
  backingTier: TierName;
}

/** The owner's quote, refused unless it is active and unexpired. */
async function getActiveQuote(db: Executor, owner: string, id: string, now: Date): Promise<SavedQuote> {
  const saved = await getQuote(db, owner, id, now);
  if (saved.status === 'EXPIRED')
    throw new AppError(
      'QUOTE_EXPIRED',
      `Quote ${id} expired at ${saved.expiresAt.toISOString()}; request a new one`,
    );
  if (saved.status !== 'ACTIVE') throw new AppError('INVALID_STATE', `Quote ${id} was already purchased`);
  return saved;
}

/** The saved quote re-priced now (C1), with the chain terms that price gives. */
async function repriceSavedQuote(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock },
): Promise<{ saved: SavedQuote; current: BuyerQuote; terms: ChainTerms }> {
  const saved = await getActiveQuote(db, owner, id, deps.now());
  // A saved quote never has a what-if spot (saveQuote refuses one); drop it all the same, so
  // nothing but the feed can set the price a purchase is signed at.
  const { spotOverrideUsd: _neverSaved, ...params } = saved.quote.params;
  const signingDeps = { ...deps, maxPriceAgeMs: Math.min(deps.maxPriceAgeMs, SIGNING_MAX_PRICE_AGE_MS) };
  const [current, burnHeight] = await Promise.all([
    computeBuyerQuote(db, params, signingDeps),
    deps.chain.burnBlockHeight(),
  ]);
  const stx = current.market.STX;
  const protectedValueUsd = divide(current.strikeUsd * current.amountSats, SATS_PER_BTC, 'ceil');
  const currentBurnHeight = BigInt(burnHeight);
  return {
    saved,
    current,
    terms: {
      quoteId: saved.id,
      policyType: saved.policyType,
      amountSats: current.amountSats,
      pricedAt: current.computedAt,
      spotUsd: current.spotUsd,
      strikeUsd: current.strikeUsd,
      protectedValueMicroStx: usdToMicroStx(protectedValueUsd, stx.priceUsd, 'ceil'),
      premiumMicroStx: current.premiumMicroStx,
      premiumUsd: current.premiumUsd,
      saved: {
        premiumUsd: saved.premiumUsd,
        spotUsd: saved.quote.spotUsd,
        strikeUsd: saved.quote.strikeUsd,
        pricedAt: saved.quote.computedAt,
      },
      stxPriceUsd: stx.priceUsd,
      stxPriceObservedAt: stx.observedAt,
      currentBurnHeight,
      // Counted from the pricing moment, which is now: the premium's time value is for `days`
      // from now, and the signature is good for only PURCHASE_WINDOW_SECONDS, so the policy
      // cannot start later than a few minutes after the price it was sold at.
      expirationBurnHeight: currentBurnHeight + daysToBlocks(params.days),
      quoteExpiresAt: saved.expiresAt,
      backingTier: backingTier(saved.policyType, params.protectedValuePercentage),
    },
  };
}

/**
 * Chain-ready terms for one of the owner's quotes (only an active, unexpired quote has them):
 * re-priced now, exactly what `signQuoteForPurchase` would sign at this moment, with the saved
 * pricing next to them. Nothing is stored.
 */
export async function prepareQuoteForChain(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock },
): Promise<ChainTerms> {
  return (await repriceSavedQuote(db, owner, id, deps)).terms;
}

/** The key that signs quotes for the registry (its public key is the registry's quote key). */
export interface QuoteSigner {
  privateKey: string;
  /** SIP-018 chain id: 1 on mainnet, 0x80000000 on testnet and devnet. */
  chainId: number;
  /** The registry the signatures are for (part of the SIP-018 domain). */
  registryId: string;
}

export interface SignForPurchaseInput {
  id: string;
  /**
   * The premium (USD, 8 decimals) the buyer agreed to pay; absent: the saved quote's premium.
   * A current premium above it is not signed (`PRICE_CHANGED`).
   */
  acceptedPremiumUsd?: bigint | undefined;
}

export type PurchaseSigning =
  | {
      status: 'SIGNED';
      terms: QuoteTerms;
      signature: string;
      collateralMicroStx: bigint;
      /** The terms signed, in the form `prepareForChain` shows them. */
      current: ChainTerms;
    }
  | {
      /** The premium rose above what the buyer accepted: nothing was signed or stored. */
      status: 'PRICE_CHANGED';
      acceptedPremiumUsd: bigint;
      /** The current terms; sign again with their `premiumUsd` accepted to buy at them. */
      current: ChainTerms;
    };

/**
 * Signs the owner's quote for the registry at its CURRENT price (C1): re-priced from the saved
 * parameters now, never the saved terms. When the premium rose above the one the buyer accepted,
 * nothing is signed and the new terms come back as `PRICE_CHANGED` for the buyer to confirm.
 * The signature is good for PURCHASE_WINDOW_SECONDS of chain time (never past the saved quote's
 * expiry), and only while the pool can back the policy — one the pool cannot collateralize is
 * refused here, before the buyer pays. The signed pricing replaces the stored one, so the policy
 * ingestion records is linked to the price it was sold at.
 */
export async function signQuoteForPurchase(
  db: Executor,
  owner: string,
  input: SignForPurchaseInput,
  deps: QuotingDeps & { chain: ChainClock; signer: QuoteSigner | null },
): Promise<PurchaseSigning> {
  const { signer } = deps;
  if (!signer) throw new AppError('UNAVAILABLE', 'Quote signing is not configured on this server');
  const { saved, current, terms: chain } = await repriceSavedQuote(db, owner, input.id, deps);
  const acceptedPremiumUsd = input.acceptedPremiumUsd ?? saved.premiumUsd;
  if (chain.premiumUsd > acceptedPremiumUsd)
    return { status: 'PRICE_CHANGED', acceptedPremiumUsd, current: chain };

  const collateral = await requiredCollateral(db, chain.backingTier, 'STX', chain.protectedValueMicroStx);
  const capacity = await tierCapacity(db, 'STX', eligibleTiers(chain.backingTier));
  if (capacity < collateral)
    throw new AppError(
      'CAPACITY_EXCEEDED',
      `The pool cannot back this policy right now: it needs ${collateral} µSTX of ${chain.backingTier}-tier collateral and ${capacity} µSTX is free`,
    );
  const secondsLeft = BigInt(Math.floor((chain.quoteExpiresAt.getTime() - deps.now().getTime()) / 1000));
  const chainNow = await deps.chain.unixTime();
  const terms: QuoteTerms = {
    quoteId: chain.quoteId,
    buyer: owner,
    policyType: chain.policyType,
    strikeUsd: chain.strikeUsd,
    amountSats: chain.amountSats,
    protectedValue: chain.protectedValueMicroStx,
    premium: chain.premiumMicroStx,
    collateral,
    expirationHeight: chain.expirationBurnHeight,
    // The purchase window, never past the saved quote's own expiry.
    validUntil: minAmount(quoteValidUntil(chainNow), BigInt(Math.floor(chainNow)) + secondsLeft),
  };
  await storeSignedPricing(db, owner, saved.id, current);
  return {
    status: 'SIGNED',
    terms,
    signature: signQuoteTerms(terms, signer.privateKey, signer.chainId, signer.registryId),
    collateralMicroStx: collateral,
    current: chain,
  };
}

/**
 * Makes the signed pricing the quote's stored one (premium, result, snapshots), so the policy
 * ingestion links to the quote carries the USD premium it was sold at and can be audited against
 * the market data and risk parameters that priced it. Refused if the quote stopped being active
 * meanwhile (bought through an earlier signature).
 */
async function storeSignedPricing(db: Executor, owner: string, id: string, quote: BuyerQuote): Promise<void> {
  const updated = await db
    .update(quotes)
    .set({
      premiumUsd: quote.premiumUsd,
      result: encode(quote),
      riskParams: encode(quote.riskParameters),
      marketData: encode(quote.market),
    })
    .where(and(eq(quotes.id, id), eq(quotes.owner, owner), eq(quotes.status, 'ACTIVE')))
    .returning({ id: quotes.id });
  if (updated.length === 0) throw new AppError('INVALID_STATE', `Quote ${id} was already purchased`);
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
