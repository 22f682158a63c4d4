import { type Executor, queryRows, sqlTimestamp, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';

/** The most points a series has: past that many days, each point covers several days. */
export const BALANCE_HISTORY_MAX_POINTS = 120;

export interface BalancePoint {
  /** The end of the bucket (capped at now): balances as they stood then. */
  at: Date;
  available: bigint;
  locked: bigint;
  pendingWithdrawal: bigint;
  /** Premium income accrued so far (pending + earned + claimed). */
  premiumIncome: bigint;
}

export interface BalanceHistory {
  /** Days each point covers (1 until the history spans more than the max points). */
  bucketDays: number;
  series: { token: Token; points: BalancePoint[] }[];
}

interface Row extends Record<string, unknown> {
  token: Token;
  bucket_days: number;
  at_ms: number;
  available: string;
  locked: string;
  pending_withdrawal: string;
  premium_income: string;
}

/**
 * The caller's balance composition over time per token, in UTC-day buckets (wider when the
 * history is long, so a series never exceeds BALANCE_HISTORY_MAX_POINTS): each bucket's deltas
 * summed in SQL, then a running sum over the buckets (a window), every bucket present (gaps carry
 * the last balance). Only the bucket sums leave the database, never the entries.
 */
export async function getProviderBalanceHistory(
  db: Executor,
  principal: string,
  now: Date,
): Promise<BalanceHistory> {
  const at = sqlTimestamp(now);
  const rows = await queryRows<Row>(
    db,
    sql`with e as (
        select token, created_at, available_delta, locked_delta, pending_withdrawal_delta,
               pending_premium_delta + earned_premium_delta + claimed_premium_delta as income_delta
        from ledger_history where provider_id = (select id from providers where principal = ${principal})
      ),
      span as (
        select date_trunc('day', min(created_at), 'UTC') as start,
               (extract(epoch from (date_trunc('day', ${at}, 'UTC') - date_trunc('day', min(created_at), 'UTC'))) / 86400)::int + 1 as days
        from e having count(*) > 0
      ),
      width as (select start, days, greatest(1, ceil(days::numeric / ${BALANCE_HISTORY_MAX_POINTS}))::int as bucket_days from span),
      buckets as (
        select w.start, w.bucket_days, b.n from width w,
          generate_series(0, ceil(w.days::numeric / w.bucket_days)::int - 1) as b(n)
      ),
      sums as (
        select e.token, floor(extract(epoch from (e.created_at - w.start)) / 86400 / w.bucket_days)::int as n,
               sum(available_delta) as available, sum(locked_delta) as locked,
               sum(pending_withdrawal_delta) as pending_withdrawal, sum(income_delta) as income
        from e, width w group by 1, 2
      ),
      tokens as (select distinct token from e)
      select t.token, b.bucket_days,
        (extract(epoch from least(b.start + make_interval(days => (b.n + 1) * b.bucket_days), ${at})) * 1000)::float8 as at_ms,
        (sum(coalesce(s.available, 0)) over w)::text as available,
        (sum(coalesce(s.locked, 0)) over w)::text as locked,
        (sum(coalesce(s.pending_withdrawal, 0)) over w)::text as pending_withdrawal,
        (sum(coalesce(s.income, 0)) over w)::text as premium_income
      from tokens t cross join buckets b left join sums s on s.token = t.token and s.n = b.n
      window w as (partition by t.token order by b.n)
      order by t.token, b.n`,
  );
  const series = new Map<Token, BalancePoint[]>();
  for (const r of rows) {
    const points = series.get(r.token) ?? [];
    points.push({
      at: new Date(Number(r.at_ms)),
      available: BigInt(r.available),
      locked: BigInt(r.locked),
      pendingWithdrawal: BigInt(r.pending_withdrawal),
      premiumIncome: BigInt(r.premium_income),
    });
    series.set(r.token, points);
  }
  return {
    bucketDays: rows[0] ? Number(rows[0].bucket_days) : 1,
    series: [...series].map(([token, points]) => ({ token, points })),
  };
}
