import { type Executor, POOL_SCOPE, poolSnapshots, type TierName, type Token } from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { ratioBps } from './pool-overview';
import { getTierMetrics, type TierMetrics } from './tier-metrics';

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `now` falls in. */
export function hourOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

type SnapshotFigures = Pick<
  TierMetrics,
  'capital' | 'locked' | 'available' | 'providerCount' | 'activePolicyCount' | 'premiumsEarned'
>;

/**
 * Writes the current hour's figures of every token × tier and each token's pool-wide row (tier
 * `all`) in one statement. A second run in the same hour updates the same rows (on conflict do
 * update, not do nothing): the hour ends up with its latest figures and still one row set, so a
 * scheduler firing twice, late or more often than hourly does no harm.
 */
export async function snapshotPool(db: Executor, now = new Date()): Promise<{ hour: string; rows: number }> {
  const hour = hourOf(now);
  const metrics = await getTierMetrics(db, now);
  const rows = metrics.flatMap((m) => {
    const pool: SnapshotFigures = {
      capital: sum(m.tiers, 'capital'),
      locked: sum(m.tiers, 'locked'),
      available: sum(m.tiers, 'available'),
      providerCount: m.tiers.reduce((s, t) => s + t.providerCount, 0),
      activePolicyCount: m.activePolicyCount,
      premiumsEarned: m.premiumsEarned,
    };
    const scopes: [string, SnapshotFigures][] = [
      ...m.tiers.map((t): [string, SnapshotFigures] => [t.tier, t]),
      [POOL_SCOPE, pool],
    ];
    return scopes.map(([tier, f]) => ({
      hour,
      token: m.token,
      tier,
      capital: f.capital,
      locked: f.locked,
      available: f.available,
      utilizationBps: ratioBps(f.locked, f.capital),
      providerCount: f.providerCount,
      activePolicyCount: f.activePolicyCount,
      premiumsEarned: f.premiumsEarned,
    }));
  });
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await db
    .insert(poolSnapshots)
    .values(rows)
    .onConflictDoUpdate({
      target: [poolSnapshots.token, poolSnapshots.tier, poolSnapshots.hour],
      set: {
        capital: excluded('capital'),
        locked: excluded('locked'),
        available: excluded('available'),
        utilizationBps: excluded('utilization_bps'),
        providerCount: excluded('provider_count'),
        activePolicyCount: excluded('active_policy_count'),
        premiumsEarned: excluded('premiums_earned'),
        updatedAt: now,
      },
    });
  return { hour: hour.toISOString(), rows: rows.length };
}

function sum(tiers: readonly TierMetrics[], key: 'capital' | 'locked' | 'available'): bigint {
  return tiers.reduce((s, t) => s + t[key], 0n);
}

export const HISTORY_RANGES = ['24h', '7d', '30d', 'all'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
/** At most this many points per answer: longer ranges are thinned to evenly spaced hours. */
export const MAX_HISTORY_POINTS = 750;

const RANGE_MS: Record<Exclude<HistoryRange, 'all'>, number> = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

export interface PoolHistoryPoint {
  hour: Date;
  capital: bigint;
  locked: bigint;
  available: bigint;
  utilizationBps: number;
  providerCount: number;
  activePolicyCount: number;
  premiumsEarned: bigint;
}

/**
 * The hourly snapshots of a token (one tier, or the whole pool without one) over a range, oldest
 * first. A range with more hours than MAX_HISTORY_POINTS keeps every k-th hour counted back from
 * the newest (which is always kept), so the answer stays small however long the history gets.
 */
export async function getPoolHistory(
  db: Executor,
  input: { token: Token; tier?: TierName | undefined; range: HistoryRange },
  now = new Date(),
): Promise<{ token: Token; tier: TierName | 'all'; range: HistoryRange; points: PoolHistoryPoint[] }> {
  const tier = input.tier ?? POOL_SCOPE;
  const where = [eq(poolSnapshots.token, input.token), eq(poolSnapshots.tier, tier)];
  if (input.range !== 'all')
    where.push(gte(poolSnapshots.hour, new Date(now.getTime() - RANGE_MS[input.range])));
  const rows = await db
    .select({
      hour: poolSnapshots.hour,
      capital: poolSnapshots.capital,
      locked: poolSnapshots.locked,
      available: poolSnapshots.available,
      utilizationBps: poolSnapshots.utilizationBps,
      providerCount: poolSnapshots.providerCount,
      activePolicyCount: poolSnapshots.activePolicyCount,
      premiumsEarned: poolSnapshots.premiumsEarned,
    })
    .from(poolSnapshots)
    .where(and(...where))
    .orderBy(asc(poolSnapshots.hour));
  return { token: input.token, tier: tier as TierName | 'all', range: input.range, points: thin(rows) };
}

/** Every k-th row counted back from the last, k the smallest that keeps ≤ MAX_HISTORY_POINTS. */
export function thin<T>(rows: readonly T[], max = MAX_HISTORY_POINTS): T[] {
  if (rows.length <= max) return [...rows];
  const step = Math.ceil(rows.length / max);
  const last = rows.length - 1;
  return rows.filter((_, i) => (last - i) % step === 0);
}
