import { type Executor, type PolicyType, queryRows, type Token } from '@bithedge/db';
import { BURN_BLOCK_MS } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';
import { premiumHistory } from './history';

/** At most this many pending shares are listed (the totals count them all). */
export const PENDING_LIST_LIMIT = 100;

/** The policy a premium share came from. */
export interface PremiumPolicy {
  id: number;
  onchainId: string | null;
  type: PolicyType;
  strikeUsd: bigint;
  expirationHeight: number;
  expiresAt: Date;
  settledAt: Date | null;
}

export interface PendingPremiumShare {
  shareId: number;
  token: Token;
  amount: bigint;
  /** The Bitcoin block from which the share is earned (distributed on the next pass after it). */
  dueBurnHeight: number;
  /** Blocks still to be mined before it is due; null when the chain's height is unknown. */
  blocksLeft: number | null;
  /** When it is expected to be earned (ten minutes a block); null when the height is unknown. */
  estimatedDueAt: Date | null;
  policy: PremiumPolicy;
}

export interface PremiumTotals {
  token: Token;
  pendingCount: number;
  pending: bigint;
  /** Earned shares not claimed yet, and their sum as the ledger holds it. */
  earnedCount: number;
  earned: bigint;
  claimed: bigint;
  /** The lowest due height among the pending shares. */
  nextUnlockHeight: number | null;
}

export interface PremiumHistoryItem {
  entryId: string;
  kind: 'earned' | 'claimed';
  token: Token;
  amount: bigint;
  at: Date;
  /** The policy an earned share came from (null for a claim). */
  policy: PremiumPolicy | null;
  /** The policies whose shares a claim paid (empty for an earned share). */
  claimedPolicies: { policyId: number; onchainId: string | null; amount: bigint }[];
}

export interface ProviderPremiums {
  /** The chain's burn height the estimates are from; null when it could not be read. */
  burnHeight: number | null;
  totals: PremiumTotals[];
  pending: PendingPremiumShare[];
  history: { items: PremiumHistoryItem[]; nextCursor: string | null };
}

export interface PremiumsQuery {
  limit: number;
  /** The last history entry id shown: the next page is older. */
  cursor?: bigint | undefined;
  token?: Token | undefined;
}

type PolicyColumns = {
  policy_id: number;
  onchain_id: string | null;
  policy_type: PolicyType;
  strike_usd: string;
  expiration_height: number;
  expires_at: Date | string;
  settled_at: Date | string | null;
};

const POLICY_COLUMNS = sql`p.id as policy_id, p.onchain_id::text, p.type as policy_type,
  p.strike_usd::text, p.expiration_height, p.expires_at, p.settled_at`;

const toPolicy = (r: PolicyColumns): PremiumPolicy => ({
  id: r.policy_id,
  onchainId: r.onchain_id,
  type: r.policy_type,
  strikeUsd: BigInt(r.strike_usd),
  expirationHeight: r.expiration_height,
  expiresAt: new Date(r.expires_at),
  settledAt: r.settled_at === null ? null : new Date(r.settled_at),
});

/** Per token: the balance's premium figures next to the counts of pending and unclaimed shares. */
async function premiumTotals(db: Executor, providerId: number): Promise<PremiumTotals[]> {
  const rows = await queryRows<{
    token: Token;
    pending: string;
    earned: string;
    claimed: string;
    pending_count: number;
    earned_count: number;
    next_unlock: number | null;
  }>(
    db,
    sql`select b.token, b.pending_premiums::text as pending, b.earned_premiums::text as earned,
          b.claimed_premiums::text as claimed,
          count(s.id) filter (where s.status = 'PENDING')::int as pending_count,
          count(s.id) filter (where s.status = 'DISTRIBUTED' and s.claim_key is null)::int as earned_count,
          min(s.due_burn_height) filter (where s.status = 'PENDING') as next_unlock
        from provider_balances b
        left join provider_premium_distributions s on s.provider_id = b.provider_id and s.token = b.token
          and (s.status = 'PENDING' or s.claim_key is null)
        where b.provider_id = ${providerId}
        group by b.token, b.pending_premiums, b.earned_premiums, b.claimed_premiums
        order by b.token`,
  );
  return rows.map((r) => ({
    token: r.token,
    pendingCount: r.pending_count,
    pending: BigInt(r.pending),
    earnedCount: r.earned_count,
    earned: BigInt(r.earned),
    claimed: BigInt(r.claimed),
    nextUnlockHeight: r.next_unlock,
  }));
}

/** How far a due height is and when it is expected, from the chain's current height. */
export function unlockEstimate(
  dueBurnHeight: number,
  burnHeight: number | null,
  now: Date,
): { blocksLeft: number | null; estimatedDueAt: Date | null } {
  if (burnHeight === null) return { blocksLeft: null, estimatedDueAt: null };
  const blocksLeft = Math.max(0, dueBurnHeight - burnHeight);
  return { blocksLeft, estimatedDueAt: new Date(now.getTime() + blocksLeft * BURN_BLOCK_MS) };
}

async function pendingShares(
  db: Executor,
  providerId: number,
  at: { burnHeight: number | null; now: Date; token?: Token | undefined },
): Promise<PendingPremiumShare[]> {
  const rows = await queryRows<
    PolicyColumns & { id: number; token: Token; amount: string; due_burn_height: number }
  >(
    db,
    sql`select s.id, s.token, s.amount::text, s.due_burn_height, ${POLICY_COLUMNS}
        from provider_premium_distributions s join policies p on p.id = s.policy_id
        where s.provider_id = ${providerId} and s.status = 'PENDING'
          ${at.token ? sql`and s.token = ${at.token}` : sql``}
        order by s.due_burn_height, s.id
        limit ${PENDING_LIST_LIMIT}`,
  );
  return rows.map((r) => ({
    shareId: r.id,
    token: r.token,
    amount: BigInt(r.amount),
    dueBurnHeight: r.due_burn_height,
    ...unlockEstimate(r.due_burn_height, at.burnHeight, at.now),
    policy: toPolicy(r),
  }));
}

/** The provider's id by principal; null for one that never deposited. */
export async function providerIdOf(db: Executor, principal: string): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select id from providers where principal = ${principal}`,
  );
  return row?.id ?? null;
}

/**
 * A provider's premiums: per token the pending, earned and claimed totals with share counts; the
 * pending shares with the policy each came from and when it becomes earned (estimated from the
 * chain's burn height, ten minutes a block); and the earned and claimed history, in pages.
 */
export async function listProviderPremiums(
  db: Executor,
  principal: string,
  query: PremiumsQuery,
  at: { burnHeight: number | null; now: Date },
): Promise<ProviderPremiums> {
  const id = await providerIdOf(db, principal);
  if (id === null)
    return { burnHeight: at.burnHeight, totals: [], pending: [], history: { items: [], nextCursor: null } };
  const totals = await premiumTotals(db, id);
  return {
    burnHeight: at.burnHeight,
    totals: query.token ? totals.filter((t) => t.token === query.token) : totals,
    pending: await pendingShares(db, id, { ...at, token: query.token }),
    history: await premiumHistory(db, id, query),
  };
}
