import { type Executor, queryRows, sqlTimestamp, type Token } from '@bithedge/db';
import { divide } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';
import { getLatestMarketData, type MicroStxValuer, microStxValuer } from '../market';
import { premiumsOfOtherBackingTokens } from './premium-attribution';

/**
 * A provider's realized yield per token (coverage A22–A25, X3), from its ledger and balances:
 *
 * - premium income = pending + earned + claimed premiums (everything accrued, claimed or not);
 * - settlement loss = what settlements paid out of its collateral, from the capital identity
 *   (deposited + claimed − withdrawn − capital);
 * - capital-time = ∫ capital dt from the first entry to `now`, where capital = available + locked
 *   + pending withdrawal as the ledger entries left it (a step function: the running capital after
 *   each entry, held until the next one);
 * - APY (bps) = income × 365 days ÷ capital-time, rounded down: the income over the average
 *   capital (capital-time ÷ elapsed time), annualized by 365 ÷ elapsed days — the elapsed time
 *   cancels, so a provider who doubled its capital halfway is not credited at the smaller base.
 *   The net APY uses income − settlement loss. Null when no capital-time has accrued yet; over
 *   less than a day of history the rate is taken over a day (the average capital held for one).
 *
 * Premiums are STX whatever backs a policy (the registry collects STX), so each token's premium
 * figures are the micro-STX its capital EARNED — shares of the policies that token backed (an sBTC
 * backer's CALL premiums show on its sBTC line, not its STX one). The sBTC APY values that STX in
 * sats at the latest prices (null without them).
 */
export interface TokenYieldStats {
  token: Token;
  /** The token the premium figures are in: always STX. */
  premiumToken: 'STX';
  pendingPremiums: bigint;
  earnedPremiums: bigint;
  claimedPremiums: bigint;
  /** pending + earned + claimed. */
  totalEarned: bigint;
  settlementLoss: bigint;
  /** available + locked + pending withdrawal, now. */
  capital: bigint;
  /** Time-weighted average capital since the first entry (rounded down). */
  averageCapital: bigint;
  apyBps: number | null;
  netApyBps: number | null;
  /** Whole days since the first deposit in this token. */
  daysActive: number;
  firstDepositAt: Date | null;
  lastActivityAt: Date | null;
  /** Deposits and completed withdrawals in this token, less those a re-org reversed. */
  deposits: number;
  withdrawals: number;
  /** LOCKED allocations and the collateral they hold. */
  activeAllocations: number;
  activeExposure: bigint;
}

const DAY_SECONDS = 86_400n;
const YEAR_SECONDS = 365n * DAY_SECONDS;
const DAY_MS = 86_400_000;

interface Row extends Record<string, unknown> {
  token: Token;
  pending: string;
  earned: string;
  claimed: string;
  settlement_loss: string;
  capital: string;
  capital_seconds: string;
  elapsed_seconds: string;
  first_deposit_ms: number | null;
  last_activity_ms: number | null;
  deposits: number;
  withdrawals: number;
  active_allocations: number;
  active_exposure: string;
}

/** Yield statistics per token the caller holds a balance in (own data only). */
export async function getProviderYieldStats(
  db: Executor,
  principal: string,
  now: Date,
): Promise<TokenYieldStats[]> {
  const [rows, market] = await Promise.all([
    queryRows<Row>(db, yieldStatsQuery(principal, now)),
    getLatestMarketData(db),
  ]);
  const value = microStxValuer(market);
  return rows.map((r) => toYieldStats(r, now, value));
}

function toYieldStats(r: Row, now: Date, value: MicroStxValuer): TokenYieldStats {
  const capitalSeconds = BigInt(r.capital_seconds);
  const elapsed = BigInt(r.elapsed_seconds);
  const firstDepositAt = r.first_deposit_ms === null ? null : new Date(Number(r.first_deposit_ms));
  const pending = BigInt(r.pending);
  const earned = BigInt(r.earned);
  const claimed = BigInt(r.claimed);
  const totalEarned = pending + earned + claimed;
  const settlementLoss = BigInt(r.settlement_loss);
  // A first hour's income annualized would read as thousands of percent: like the tier metrics,
  // the rate is taken over at least a day (the average capital held for a day).
  const rateBase =
    elapsed >= DAY_SECONDS || elapsed <= 0n ? capitalSeconds : (capitalSeconds * DAY_SECONDS) / elapsed;
  // Income in the capital's own units, so income ÷ capital-time is a rate.
  const income = value(r.token, totalEarned);
  const apy = (amount: bigint | null) =>
    amount === null || rateBase <= 0n
      ? null
      : Number(divide(amount * 10_000n * YEAR_SECONDS, rateBase, 'floor'));
  return {
    token: r.token,
    premiumToken: 'STX',
    pendingPremiums: pending,
    earnedPremiums: earned,
    claimedPremiums: claimed,
    totalEarned,
    settlementLoss,
    capital: BigInt(r.capital),
    averageCapital: elapsed > 0n ? capitalSeconds / elapsed : BigInt(r.capital),
    apyBps: apy(income),
    netApyBps: apy(income === null ? null : income - settlementLoss),
    daysActive: firstDepositAt
      ? Math.max(0, Math.floor((now.getTime() - firstDepositAt.getTime()) / DAY_MS))
      : 0,
    firstDepositAt,
    lastActivityAt: r.last_activity_ms === null ? null : new Date(Number(r.last_activity_ms)),
    deposits: Number(r.deposits),
    withdrawals: Number(r.withdrawals),
    activeAllocations: Number(r.active_allocations),
    activeExposure: BigInt(r.active_exposure),
  };
}

/**
 * Deposits and withdrawals paid out, each net of the ones a re-org reversed: a deposit's reversal
 * is DEPOSIT_REVERSAL; a chain withdrawal's is a CHAIN_REVERSAL keyed `reversal:withdraw:<event>`
 * (its deficit part, `…:deficit`, is no withdrawal of its own).
 */
const ACTIVITY_COUNTS = sql.raw(`count(*) filter (where type = 'DEPOSIT')
          - count(*) filter (where type = 'DEPOSIT_REVERSAL') as deposits,
        count(*) filter (where type = 'WITHDRAWAL_CONFIRM')
          - count(*) filter (where type = 'CHAIN_REVERSAL' and idempotency_key like 'reversal:withdraw:%'
                             and idempotency_key not like '%:deficit') as withdrawals`);

/**
 * One statement, one pass over the provider's entries (an aggregate, no window and no sort):
 * capital(t) is the sum of the capital deltas of the entries up to t, so its integral up to now is
 * Σ delta × (now − entry time) — each delta counts from its entry to now. Exact numeric seconds
 * (extract(epoch) is numeric), next to the balances and the live allocations.
 */
function yieldStatsQuery(principal: string, now: Date) {
  const at = sqlTimestamp(now);
  return sql`with prov as (select id from providers where principal = ${principal}),
    timeline as (
      select token,
        sum((available_delta + locked_delta + pending_withdrawal_delta)
            * greatest(extract(epoch from (${at} - created_at)), 0)) as capital_seconds,
        greatest(extract(epoch from (${at} - min(created_at))), 0) as elapsed_seconds,
        min(created_at) filter (where type = 'DEPOSIT') as first_deposit,
        max(created_at) as last_activity,
        ${ACTIVITY_COUNTS}
      from ledger_history where provider_id = (select id from prov) group by token
    ),
    live as (
      select token, count(*)::int as n, sum(amount) as exposure from policy_allocations
      where provider_id = (select id from prov) and status = 'LOCKED' group by token
    ),
    -- Premium shares of the policies another token (sBTC) backed: the premium token's (STX's) own
    -- line is its balance less these, so the lines add up to the ledger.
    other as (${premiumsOfOtherBackingTokens(sql`d.provider_id = (select id from prov)`)}),
    other_total as (
      select coalesce(sum(pending), 0) as pending, coalesce(sum(earned), 0) as earned,
        coalesce(sum(claimed), 0) as claimed from other
    ),
    figures as (
      select b.token,
        case when b.token = 'STX' then b.pending_premiums - ot.pending else coalesce(o.pending, 0) end as pending,
        case when b.token = 'STX' then b.earned_premiums - ot.earned else coalesce(o.earned, 0) end as earned,
        case when b.token = 'STX' then b.claimed_premiums - ot.claimed else coalesce(o.claimed, 0) end as claimed,
        b.available + b.locked + b.pending_withdrawal as capital,
        b.total_deposited + b.claimed_premiums - b.total_withdrawn - (b.available + b.locked + b.pending_withdrawal) as settlement_loss,
        coalesce(t.capital_seconds, 0) as capital_seconds, coalesce(t.elapsed_seconds, 0) as elapsed_seconds,
        t.first_deposit, t.last_activity, coalesce(t.deposits, 0) as deposits,
        coalesce(t.withdrawals, 0) as withdrawals, coalesce(l.n, 0) as active_allocations, coalesce(l.exposure, 0) as active_exposure
      from provider_balances b
      left join timeline t on t.token = b.token
      left join live l on l.token = b.token
      left join other o on o.token = b.token
      cross join other_total ot
      where b.provider_id = (select id from prov)
    )
    select token, pending::text, earned::text, claimed::text, settlement_loss::text, capital::text,
      floor(capital_seconds)::text as capital_seconds, floor(elapsed_seconds)::text as elapsed_seconds,
      (extract(epoch from first_deposit) * 1000)::float8 as first_deposit_ms,
      (extract(epoch from last_activity) * 1000)::float8 as last_activity_ms,
      deposits::int, withdrawals::int, active_allocations, active_exposure::text
    from figures order by token`;
}
