import { type Executor, queryRows, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';

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
 *   The net APY uses income − settlement loss. Null when no capital-time has accrued yet.
 */
export interface TokenYieldStats {
  token: Token;
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
  /** LOCKED allocations and the collateral they hold. */
  activeAllocations: number;
  activeExposure: bigint;
}

const YEAR_SECONDS = 365 * 86_400;
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
  apy_bps: string | null;
  net_apy_bps: string | null;
  first_deposit_ms: number | null;
  last_activity_ms: number | null;
  active_allocations: number;
  active_exposure: string;
}

/** Yield statistics per token the caller holds a balance in (own data only). */
export async function getProviderYieldStats(
  db: Executor,
  principal: string,
  now: Date,
): Promise<TokenYieldStats[]> {
  const rows = await queryRows<Row>(db, yieldStatsQuery(principal, now));
  return rows.map((r) => {
    const capitalSeconds = BigInt(r.capital_seconds);
    const elapsed = BigInt(r.elapsed_seconds);
    const firstDepositAt = r.first_deposit_ms === null ? null : new Date(Number(r.first_deposit_ms));
    const pending = BigInt(r.pending);
    const earned = BigInt(r.earned);
    const claimed = BigInt(r.claimed);
    return {
      token: r.token,
      pendingPremiums: pending,
      earnedPremiums: earned,
      claimedPremiums: claimed,
      totalEarned: pending + earned + claimed,
      settlementLoss: BigInt(r.settlement_loss),
      capital: BigInt(r.capital),
      averageCapital: elapsed > 0n ? capitalSeconds / elapsed : BigInt(r.capital),
      apyBps: r.apy_bps === null ? null : Number(r.apy_bps),
      netApyBps: r.net_apy_bps === null ? null : Number(r.net_apy_bps),
      daysActive: firstDepositAt
        ? Math.max(0, Math.floor((now.getTime() - firstDepositAt.getTime()) / DAY_MS))
        : 0,
      firstDepositAt,
      lastActivityAt: r.last_activity_ms === null ? null : new Date(Number(r.last_activity_ms)),
      activeAllocations: Number(r.active_allocations),
      activeExposure: BigInt(r.active_exposure),
    };
  });
}

/**
 * One statement, one pass over the provider's entries (an aggregate, no window and no sort):
 * capital(t) is the sum of the capital deltas of the entries up to t, so its integral up to now is
 * Σ delta × (now − entry time) — each delta counts from its entry to now. Exact numeric seconds
 * (extract(epoch) is numeric), next to the balances and the live allocations.
 */
function yieldStatsQuery(principal: string, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`with prov as (select id from providers where principal = ${principal}),
    timeline as (
      select token,
        sum((available_delta + locked_delta + pending_withdrawal_delta)
            * greatest(extract(epoch from (${at} - created_at)), 0)) as capital_seconds,
        greatest(extract(epoch from (${at} - min(created_at))), 0) as elapsed_seconds,
        min(created_at) filter (where type = 'DEPOSIT') as first_deposit,
        max(created_at) as last_activity
      from ledger_entries where provider_id = (select id from prov) group by token
    ),
    live as (
      select token, count(*)::int as n, sum(amount) as exposure from policy_allocations
      where provider_id = (select id from prov) and status = 'LOCKED' group by token
    ),
    figures as (
      select b.token, b.pending_premiums as pending, b.earned_premiums as earned, b.claimed_premiums as claimed,
        b.available + b.locked + b.pending_withdrawal as capital,
        b.total_deposited + b.claimed_premiums - b.total_withdrawn - (b.available + b.locked + b.pending_withdrawal) as settlement_loss,
        coalesce(t.capital_seconds, 0) as capital_seconds, coalesce(t.elapsed_seconds, 0) as elapsed_seconds,
        t.first_deposit, t.last_activity, coalesce(l.n, 0) as active_allocations, coalesce(l.exposure, 0) as active_exposure
      from provider_balances b
      left join timeline t on t.token = b.token
      left join live l on l.token = b.token
      where b.provider_id = (select id from prov)
    )
    select token, pending::text, earned::text, claimed::text, settlement_loss::text, capital::text,
      floor(capital_seconds)::text as capital_seconds, floor(elapsed_seconds)::text as elapsed_seconds,
      case when capital_seconds > 0 then floor((pending + earned + claimed) * 10000 * ${YEAR_SECONDS} / capital_seconds)::text end as apy_bps,
      case when capital_seconds > 0 then floor((pending + earned + claimed - settlement_loss) * 10000 * ${YEAR_SECONDS} / capital_seconds)::text end as net_apy_bps,
      (extract(epoch from first_deposit) * 1000)::float8 as first_deposit_ms,
      (extract(epoch from last_activity) * 1000)::float8 as last_activity_ms,
      active_allocations, active_exposure::text
    from figures order by token`;
}
