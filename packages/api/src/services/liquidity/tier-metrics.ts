import { type Executor, queryRows, TIER_NAMES, type TierName, TOKENS, type Token } from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';
import { getLatestMarketData, type MicroStxValuer, microStxValuer } from '../market';
import { tierCapacity } from '../policies';
import { ratioBps } from './pool-overview';
import { premiumsOfOtherBackingTokens } from './premium-attribution';

const YEAR_MS = 365n * BigInt(DAY_MS);

/**
 * One tier's figures for one token; amounts in the token's base units, except premiums, which are
 * micro-STX whatever the token (the registry collects STX): the shares of the policies THIS
 * token's capital backed (an sBTC tier's CALL premiums are on its sBTC line, not its STX one).
 */
export interface TierMetrics {
  tier: TierName;
  /** available + locked + pending withdrawal of the tier's providers. */
  capital: bigint;
  locked: bigint;
  available: bigint;
  pendingWithdrawal: bigint;
  /** locked ÷ capital in bps (0 without capital). */
  utilizationBps: number;
  /** Providers of the tier with capital in this token. */
  providerCount: number;
  /** Policies the tier's providers back now (allocations LOCKED). */
  activePolicyCount: number;
  /** Premium shares distributed to the tier's providers to date (earned + claimed). */
  premiumsEarned: bigint;
  /** Premium shares of settled policies not distributed yet (pending). */
  premiumsPending: bigint;
  /**
   * premiumsEarned ÷ capital, annualized (simple, not compounded) over the time since the tier's
   * first balance in this token opened (at least one day), in bps; an sBTC tier's STX premiums are
   * valued in sats at the latest prices. 0 without capital (or, for sBTC, without prices).
   */
  realizedYieldBps: number;
  /** The tier's cap (tiers.capacity_limit); 0 admits no deposits. */
  capacityLimit: bigint;
  /**
   * What the vault counts against the cap: deposits − withdrawals + claimed premiums of the tier's
   * providers (settlement debits are not known per provider on chain, so they do not lower it).
   */
  capacityUsed: bigint;
  /** capacityLimit − capacityUsed, never below 0: the largest deposit the vault would take. */
  capacityLeft: bigint;
}

export interface TokenTierMetrics {
  token: Token;
  /** Distinct policies backed by any tier (a policy backed by two tiers counts once). */
  activePolicyCount: number;
  premiumsEarned: bigint;
  premiumsPending: bigint;
  tiers: TierMetrics[];
}

type TierRow = {
  token: Token;
  tier: TierName;
  capacity_limit: string;
  capital: string;
  locked: string;
  available: string;
  pending_withdrawal: string;
  providers: number;
  premiums_earned: string;
  premiums_pending: string;
  capacity_used: string;
  since: string | Date | null;
  active_policies: number;
};

/**
 * Every tier × token in two set-based statements: balances and locked allocations grouped by the
 * provider's (current) tier, joined to the tier table so tiers without providers show zeros.
 */
async function tierRows(db: Executor): Promise<TierRow[]> {
  return queryRows<TierRow>(
    db,
    sql`with bal as (
          select b.token, p.tier,
            sum(b.available + b.locked + b.pending_withdrawal) as capital,
            sum(b.locked) as locked, sum(b.available) as available,
            sum(b.pending_withdrawal) as pending_withdrawal,
            count(*) filter (where b.available + b.locked + b.pending_withdrawal > 0) as providers,
            sum(b.earned_premiums + b.claimed_premiums) as premiums_earned,
            sum(b.pending_premiums) as premiums_pending,
            sum(b.total_deposited - b.total_withdrawn + b.claimed_premiums) as capacity_used,
            min(b.created_at) as since
          from provider_balances b join providers p on p.id = b.provider_id
          group by b.token, p.tier),
        -- Premium shares of policies another token (sBTC) backed: they sit in STX balances, so
        -- they count on that token's line and come off the STX line of the same tier.
        other as (
          select o.token, p.tier, sum(o.earned + o.claimed) as earned, sum(o.pending) as pending
          from (${premiumsOfOtherBackingTokens()}) o join providers p on p.id = o.provider_id
          group by o.token, p.tier),
        other_by_tier as (
          select tier, sum(earned) as earned, sum(pending) as pending from other group by tier),
        pol as (
          select a.token, p.tier, count(distinct a.policy_id) as active_policies
          from policy_allocations a join providers p on p.id = a.provider_id
          where a.status = 'LOCKED'
          group by a.token, p.tier)
        select t.token, t.name as tier, t.capacity_limit::text,
          coalesce(bal.capital, 0)::text as capital, coalesce(bal.locked, 0)::text as locked,
          coalesce(bal.available, 0)::text as available,
          coalesce(bal.pending_withdrawal, 0)::text as pending_withdrawal,
          coalesce(bal.providers, 0)::int as providers,
          (case when t.token = 'STX'
            then coalesce(bal.premiums_earned, 0) - coalesce(obt.earned, 0)
            else coalesce(o.earned, 0) end)::text as premiums_earned,
          (case when t.token = 'STX'
            then coalesce(bal.premiums_pending, 0) - coalesce(obt.pending, 0)
            else coalesce(o.pending, 0) end)::text as premiums_pending,
          coalesce(bal.capacity_used, 0)::text as capacity_used, bal.since,
          coalesce(pol.active_policies, 0)::int as active_policies
        from tiers t
        left join bal on bal.token = t.token and bal.tier = t.name
        left join pol on pol.token = t.token and pol.tier = t.name
        left join other o on o.token = t.token and o.tier = t.name
        left join other_by_tier obt on obt.tier = t.name`,
  );
}

/** Distinct policies with locked backing, per token. */
async function activePoliciesByToken(db: Executor): Promise<Map<Token, number>> {
  const rows = await queryRows<{ token: Token; n: number }>(
    db,
    sql`select token, count(distinct policy_id)::int as n from policy_allocations
        where status = 'LOCKED' group by token`,
  );
  return new Map(rows.map((r) => [r.token, r.n]));
}

/** Simple annualized yield in bps: earned ÷ capital × year ÷ elapsed (elapsed at least a day). */
export function annualizedYieldBps(earned: bigint, capital: bigint, elapsedMs: bigint): number {
  if (capital <= 0n) return 0;
  const elapsed = elapsedMs > BigInt(DAY_MS) ? elapsedMs : BigInt(DAY_MS);
  return Number((earned * 10_000n * YEAR_MS) / (capital * elapsed));
}

function toMetrics(row: TierRow | undefined, tier: TierName, now: Date, value: MicroStxValuer): TierMetrics {
  const n = (v: string | undefined) => BigInt(v ?? '0');
  const capital = n(row?.capital);
  const locked = n(row?.locked);
  const premiumsEarned = n(row?.premiums_earned);
  const capacityLimit = n(row?.capacity_limit);
  const capacityUsed = n(row?.capacity_used);
  const since = row?.since ? new Date(row.since).getTime() : now.getTime();
  return {
    tier,
    capital,
    locked,
    available: n(row?.available),
    pendingWithdrawal: n(row?.pending_withdrawal),
    utilizationBps: ratioBps(locked, capital),
    providerCount: row?.providers ?? 0,
    activePolicyCount: row?.active_policies ?? 0,
    premiumsEarned,
    premiumsPending: n(row?.premiums_pending),
    realizedYieldBps: annualizedYieldBps(
      value(row?.token ?? 'STX', premiumsEarned) ?? 0n,
      capital,
      BigInt(now.getTime() - since),
    ),
    capacityLimit,
    capacityUsed,
    capacityLeft: capacityLimit > capacityUsed ? capacityLimit - capacityUsed : 0n,
  };
}

/**
 * Per token × tier: capital, locked, utilization, providers, active policies, premiums, realized
 * yield and capacity. A provider's figures count in its current tier (its latest deposit's).
 */
export async function getTierMetrics(db: Executor, now = new Date()): Promise<TokenTierMetrics[]> {
  const [rows, active, market] = await Promise.all([
    tierRows(db),
    activePoliciesByToken(db),
    getLatestMarketData(db),
  ]);
  const value = microStxValuer(market);
  return TOKENS.map((token) => {
    const tiers = TIER_NAMES.map((tier) =>
      toMetrics(
        rows.find((r) => r.token === token && r.tier === tier),
        tier,
        now,
        value,
      ),
    );
    return {
      token,
      activePolicyCount: active.get(token) ?? 0,
      premiumsEarned: tiers.reduce((s, t) => s + t.premiumsEarned, 0n),
      premiumsPending: tiers.reduce((s, t) => s + t.premiumsPending, 0n),
      tiers,
    };
  });
}

export interface TierAvailability {
  tier: TierName;
  token: Token;
  amount: bigint;
  /** A deposit of `amount` fits under the tier's cap (the vault would take it). */
  isAvailable: boolean;
  /** The room left under the cap: the largest deposit the tier takes now. */
  availableAmount: bigint;
  /** What the tier's providers could lock behind a new policy now (within max exposure). */
  backingCapacity: bigint;
  /** A policy needing `amount` of collateral could be backed by this tier alone. */
  canBack: boolean;
}

/** Whether a tier can take a deposit of `amount` (its cap) and back `amount` of collateral. */
export async function getTierAvailability(
  db: Executor,
  input: { tier: TierName; token: Token; amount: bigint },
): Promise<TierAvailability> {
  const [metrics, backingCapacity] = await Promise.all([
    getTierMetrics(db),
    tierCapacity(db, input.token, [input.tier]),
  ]);
  const tier = metrics.find((m) => m.token === input.token)?.tiers.find((t) => t.tier === input.tier);
  const availableAmount = tier?.capacityLeft ?? 0n;
  return {
    ...input,
    isAvailable: input.amount <= availableAmount,
    availableAmount,
    backingCapacity,
    canBack: input.amount <= backingCapacity,
  };
}
