import {
  type Executor,
  providerBalances,
  providers,
  queryRows,
  TIER_NAMES,
  type TierName,
  TOKENS,
  type Token,
  tiers,
} from '@bithedge/db';
import { and, eq, gt, sql } from 'drizzle-orm';

/** Capital figures in the token's base units (micro-STX or sats). */
export interface CapitalFigures {
  totalCapital: bigint;
  locked: bigint;
  available: bigint;
  pendingWithdrawal: bigint;
  /** locked ÷ total capital, in basis points (0 when there is no capital). */
  utilizationBps: number;
  providerCount: number;
}

export interface TierOverview extends CapitalFigures {
  tier: TierName;
  capacityLimit: bigint;
  /** total capital ÷ capacity limit, in basis points. */
  capacityUsedBps: number;
}

export interface TokenOverview extends CapitalFigures {
  token: Token;
  /** Premium shares distributed to providers to date (earned + claimed), all tiers. */
  totalEarned: bigint;
  /** Distinct policies with collateral locked in this token now. */
  activePolicyCount: number;
  tiers: TierOverview[];
}

export interface PoolOverview {
  tokens: TokenOverview[];
}

const ZERO: CapitalFigures = {
  totalCapital: 0n,
  locked: 0n,
  available: 0n,
  pendingWithdrawal: 0n,
  utilizationBps: 0,
  providerCount: 0,
};

/** Integer ratio in basis points, rounded down; never a float on amounts. */
export function ratioBps(part: bigint, whole: bigint): number {
  return whole > 0n ? Number((part * 10_000n) / whole) : 0;
}

/**
 * Pool and tier aggregates, derived in one set-based query from provider balances (no
 * hand-maintained counters). A provider counts once per token it has capital in.
 */
export async function getPoolOverview(db: Executor): Promise<PoolOverview> {
  const capital = sql<string>`${providerBalances.available} + ${providerBalances.locked} + ${providerBalances.pendingWithdrawal}`;
  const rows = await db
    .select({
      token: providerBalances.token,
      tier: providers.tier,
      totalCapital: sql<string>`coalesce(sum(${capital}), 0)::text`,
      locked: sql<string>`coalesce(sum(${providerBalances.locked}), 0)::text`,
      available: sql<string>`coalesce(sum(${providerBalances.available}), 0)::text`,
      pendingWithdrawal: sql<string>`coalesce(sum(${providerBalances.pendingWithdrawal}), 0)::text`,
      providerCount: sql<number>`count(distinct ${providers.id})::int`,
    })
    .from(providerBalances)
    .innerJoin(providers, eq(providers.id, providerBalances.providerId))
    .where(and(gt(capital, sql`0`)))
    .groupBy(providerBalances.token, providers.tier);
  const tierRows = await db.select().from(tiers);
  const activity = await tokenActivity(db);

  const tokens = TOKENS.map((token): TokenOverview => {
    const tierOverviews = TIER_NAMES.map((tier): TierOverview => {
      const row = rows.find((r) => r.token === token && r.tier === tier);
      const config = tierRows.find((t) => t.token === token && t.name === tier);
      const figures = row ? toFigures(row) : ZERO;
      const capacityLimit = config?.capacityLimit ?? 0n;
      return {
        tier,
        ...figures,
        capacityLimit,
        capacityUsedBps: ratioBps(figures.totalCapital, capacityLimit),
      };
    });
    const { totalEarned = 0n, activePolicyCount = 0 } = activity.get(token) ?? {};
    return { token, ...sumFigures(tierOverviews), totalEarned, activePolicyCount, tiers: tierOverviews };
  });
  return { tokens };
}

/** Per token: premiums distributed to date and distinct policies with locked backing. */
async function tokenActivity(
  db: Executor,
): Promise<Map<Token, { totalEarned: bigint; activePolicyCount: number }>> {
  const rows = await queryRows<{ token: Token; earned: string; active: number }>(
    db,
    sql`select t.token, coalesce(e.earned, 0)::text as earned, coalesce(a.active, 0)::int as active
        from (select unnest(enum_range(null::token)) as token) t
        left join (select token, sum(earned_premiums + claimed_premiums) as earned
                   from provider_balances group by token) e on e.token = t.token
        left join (select token, count(distinct policy_id) as active from policy_allocations
                   where status = 'LOCKED' group by token) a on a.token = t.token`,
  );
  return new Map(rows.map((r) => [r.token, { totalEarned: BigInt(r.earned), activePolicyCount: r.active }]));
}

function toFigures(row: {
  totalCapital: string;
  locked: string;
  available: string;
  pendingWithdrawal: string;
  providerCount: number;
}): CapitalFigures {
  const totalCapital = BigInt(row.totalCapital);
  const locked = BigInt(row.locked);
  return {
    totalCapital,
    locked,
    available: BigInt(row.available),
    pendingWithdrawal: BigInt(row.pendingWithdrawal),
    utilizationBps: ratioBps(locked, totalCapital),
    providerCount: row.providerCount,
  };
}

// A provider sits in exactly one tier, so per-tier provider counts add up to the token's count.
function sumFigures(parts: readonly CapitalFigures[]): CapitalFigures {
  const total = parts.reduce(
    (acc, p) => ({
      totalCapital: acc.totalCapital + p.totalCapital,
      locked: acc.locked + p.locked,
      available: acc.available + p.available,
      pendingWithdrawal: acc.pendingWithdrawal + p.pendingWithdrawal,
      providerCount: acc.providerCount + p.providerCount,
    }),
    { totalCapital: 0n, locked: 0n, available: 0n, pendingWithdrawal: 0n, providerCount: 0 },
  );
  return { ...total, utilizationBps: ratioBps(total.locked, total.totalCapital) };
}
