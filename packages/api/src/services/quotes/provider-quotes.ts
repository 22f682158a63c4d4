import { type Executor, quotes, type TierName, type Token } from '@bithedge/db';
import { daysToBlocks } from '@bithedge/pricing';
import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { ChainClock } from '../../adapters/chain-clock';
import { AppError } from '../../errors';
import { getPoolOverview } from '../liquidity';
import { getQuote, type SavedProviderQuote, type SavedQuote } from './saved';

/** Refuses anything but an active, unexpired quote, saying why. */
export function assertActive(saved: SavedQuote): void {
  if (saved.status === 'ACTIVE') return;
  if (saved.status === 'EXPIRED')
    throw new AppError(
      'QUOTE_EXPIRED',
      `Quote ${saved.id} expired at ${saved.expiresAt.toISOString()}; request a new one`,
    );
  const what = { PURCHASED: 'purchased', COMMITTED: 'committed by a deposit', DECLINED: 'declined' } as const;
  throw new AppError('INVALID_STATE', `Quote ${saved.id} was already ${what[saved.status]}`);
}

/**
 * The owner turns down one of their active quotes (buyer or provider): it stays listed as
 * DECLINED and no longer counts against the saved-quote quota. Only an ACTIVE, unexpired quote
 * can be declined; the update re-checks that, so a purchase or commit racing it wins cleanly.
 */
export async function declineQuote(db: Executor, owner: string, id: string, now: Date): Promise<SavedQuote> {
  assertActive(await getQuote(db, owner, id, now));
  const [row] = await db
    .update(quotes)
    .set({ status: 'DECLINED', declinedAt: now })
    .where(
      and(eq(quotes.id, id), eq(quotes.owner, owner), eq(quotes.status, 'ACTIVE'), gt(quotes.expiresAt, now)),
    )
    .returning({ id: quotes.id });
  if (!row) assertActive(await getQuote(db, owner, id, now));
  return getQuote(db, owner, id, now);
}

/**
 * Deposit ingestion's hook: the owner's newest active provider quote for this token and tier,
 * saved before the deposit was ingested, becomes COMMITTED by that deposit. The chain is the
 * proof (a client-side "mark committed" could claim a deposit that never happened, or be lost
 * when the page closes after the wallet sends); `uncommitProviderQuotes` undoes it on a re-org.
 */
export async function commitProviderQuoteForDeposit(
  tx: Executor,
  deposit: { principal: string; token: Token; tier: TierName; txId: string; now: Date },
): Promise<string | null> {
  const { principal, token, tier, txId, now } = deposit;
  const [candidate] = await tx
    .select({ id: quotes.id })
    .from(quotes)
    .where(
      and(
        eq(quotes.owner, principal),
        eq(quotes.status, 'ACTIVE'),
        eq(quotes.quoteType, 'PROVIDER'),
        eq(quotes.token, token),
        eq(quotes.tier, tier),
        gt(quotes.expiresAt, now),
        lte(quotes.createdAt, now),
      ),
    )
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(1);
  if (!candidate) return null;
  await tx
    .update(quotes)
    .set({ status: 'COMMITTED', committedAt: now, committedTxId: txId })
    .where(and(eq(quotes.id, candidate.id), eq(quotes.status, 'ACTIVE')));
  return candidate.id;
}

/** A rolled-back deposit no longer commits its quote: back to ACTIVE (it may expire as usual). */
export async function uncommitProviderQuotes(tx: Executor, txId: string): Promise<void> {
  await tx
    .update(quotes)
    .set({ status: 'ACTIVE', committedAt: null, committedTxId: null })
    .where(and(eq(quotes.committedTxId, txId), eq(quotes.status, 'COMMITTED')));
}

/**
 * The exact vault call a provider quote stands for. The vault takes no term: `durationBlocks`
 * is the quoted period in Bitcoin blocks (144 a day), for the provider's own planning.
 */
export interface ProviderDepositTerms {
  quoteType: 'PROVIDER';
  quoteId: string;
  contract: 'liquidity-pool-vault';
  functionName: 'deposit-stx' | 'deposit-sbtc';
  token: Token;
  /** The `tier` string-ascii argument. */
  tier: TierName;
  /** The `amount` uint argument: base units (micro-STX or sats), as a decimal string. */
  amount: string;
  durationDays: number;
  durationBlocks: string;
  currentBurnHeight: string;
  periodEndBurnHeight: string;
  /** Room left in the tier's capacity (base units); a deposit above it is refused. */
  capacityLeft: string;
  quoteExpiresAt: Date;
}

/** The deposit terms of an active provider quote; refused when the tier has no room for it. */
export async function providerDepositTerms(
  db: Executor,
  saved: SavedProviderQuote,
  chain: ChainClock,
): Promise<ProviderDepositTerms> {
  const [overview, burnHeight] = await Promise.all([getPoolOverview(db), chain.burnBlockHeight()]);
  const live = overview.tokens.find((t) => t.token === saved.token)?.tiers.find((t) => t.tier === saved.tier);
  const room = live && live.capacityLimit > live.totalCapital ? live.capacityLimit - live.totalCapital : 0n;
  if (saved.quote.amount > room)
    throw new AppError(
      'CAPACITY_EXCEEDED',
      `amount: the ${saved.tier} ${saved.token} tier has room for ${room} base units; this quote deposits ${saved.quote.amount}`,
    );
  const days = saved.quote.params.days;
  const blocks = daysToBlocks(days);
  return {
    quoteType: 'PROVIDER',
    quoteId: saved.id,
    contract: 'liquidity-pool-vault',
    functionName: saved.token === 'STX' ? 'deposit-stx' : 'deposit-sbtc',
    token: saved.token,
    tier: saved.tier,
    amount: saved.quote.amount.toString(),
    durationDays: days,
    durationBlocks: blocks.toString(),
    currentBurnHeight: BigInt(burnHeight).toString(),
    periodEndBurnHeight: (BigInt(burnHeight) + blocks).toString(),
    capacityLeft: room.toString(),
    quoteExpiresAt: saved.expiresAt,
  };
}
