import {
  type Executor,
  type HealthStatus,
  queryRows,
  type TierName,
  type Token,
  tiers,
  tierVersions,
} from '@bithedge/db';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors';
import { draftTierThresholdsSql, healthStatusCtes, type PriceOptions } from '../health';
// The file, not the index: liquidity's withdrawals import this domain's alerts.
import { getTierMetrics } from '../liquidity/tier-metrics';
import { getFreshMarketData } from '../market';
import { recordAdminAction } from './audit';

/** What an admin sets on a tier × token. Ratios and thresholds in bps; capacity in base units. */
export interface TierValues {
  capacityLimit: bigint;
  collateralRatioBps: number;
  premiumMultiplierBps: number;
  maxExposureBps: number;
  warningThresholdBps: number;
  marginCallThresholdBps: number;
}

export interface TierVersion extends TierValues {
  id: number;
  tier: TierName;
  token: Token;
  version: number;
  isActive: boolean;
  createdBy: string | null;
  createdAt: Date;
}

/**
 * The bounds an admin's values must keep, per field: [min, max] inclusive. A collateral ratio
 * below 100% would let a tier back more than it holds; premium multipliers between 0.1× and 5×
 * keep a typo (an extra zero) from repricing a tier tenfold; thresholds are collateralization
 * ratios like the collateral ratio itself.
 */
export const TIER_BOUNDS = {
  capacityLimit: [0n, 2n ** 63n - 1n],
  collateralRatioBps: [10_000, 100_000],
  premiumMultiplierBps: [1_000, 50_000],
  maxExposureBps: [1, 10_000],
  warningThresholdBps: [1, 100_000],
  marginCallThresholdBps: [1, 100_000],
} as const;

const badField = (field: keyof TierValues, message: string) =>
  new AppError('BAD_REQUEST', `${field}: ${message}`, { field });

/** Refuses the first out-of-range value with BAD_REQUEST naming its field. */
export function validateTierValues(values: TierValues): void {
  for (const field of Object.keys(TIER_BOUNDS) as (keyof TierValues)[]) {
    const [min, max] = TIER_BOUNDS[field];
    const value = values[field];
    if (typeof value === 'number' && !Number.isInteger(value))
      throw badField(field, 'must be a whole number');
    if (value < min || value > max) throw badField(field, `must be between ${min} and ${max}`);
  }
  if (values.marginCallThresholdBps >= values.warningThresholdBps) {
    throw badField(
      'marginCallThresholdBps',
      'must be below warningThresholdBps (margin call comes after warning)',
    );
  }
}

function toTierVersion(row: typeof tierVersions.$inferSelect): TierVersion {
  const { name, ...rest } = row;
  return { tier: name, ...rest };
}

/** Every version of every tier × token: tier, token, then newest first. */
export async function listTierVersions(db: Executor): Promise<TierVersion[]> {
  const rows = await db
    .select()
    .from(tierVersions)
    .orderBy(asc(tierVersions.name), asc(tierVersions.token), desc(tierVersions.version));
  return rows.map(toTierVersion);
}

export interface PublishTierInput {
  tier: TierName;
  token: Token;
  values: TierValues;
  actor: string;
}

/**
 * Publishes a new active version of a tier × token and applies it: one transaction takes an
 * advisory lock per tier × token (two admins publishing at once run one after the other, each
 * getting its own version number), deactivates the active version, inserts the new one, copies its
 * values into `tiers` — which every reader reads — and writes the audit row.
 */
export async function publishTier(db: Executor, input: PublishTierInput): Promise<TierVersion> {
  validateTierValues(input.values);
  const key = and(eq(tierVersions.name, input.tier), eq(tierVersions.token, input.token));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tiers:${input.tier}:${input.token}`}))`);
    const [latest] = await tx
      .select({ version: sql<number>`coalesce(max(${tierVersions.version}), 0)::int` })
      .from(tierVersions)
      .where(key);
    const [previous] = await tx
      .update(tierVersions)
      .set({ isActive: false })
      .where(and(key, eq(tierVersions.isActive, true)))
      .returning();
    const [row] = await tx
      .insert(tierVersions)
      .values({
        name: input.tier,
        token: input.token,
        version: (latest?.version ?? 0) + 1,
        ...input.values,
        isActive: true,
        createdBy: input.actor,
      })
      .returning();
    const applied = await tx
      .update(tiers)
      .set(input.values)
      .where(and(eq(tiers.name, input.tier), eq(tiers.token, input.token)))
      .returning({ id: tiers.id });
    if (!row || applied.length !== 1)
      throw new AppError('NOT_FOUND', `tier: no ${input.tier} ${input.token} tier`);
    const version = toTierVersion(row);
    await recordAdminAction(tx, {
      actor: input.actor,
      action: 'tier.publish',
      before: previous ? toTierVersion(previous) : null,
      after: version,
    });
    return version;
  });
}

export interface TierHealthChange {
  principal: string;
  /** The collateral ratio at current prices (bps); thresholds do not move it. */
  ratioBps: bigint | null;
  /** Its status under the active thresholds and under the draft's, at current prices. */
  from: HealthStatus;
  to: HealthStatus;
}

export interface TierPreview {
  tier: TierName;
  token: Token;
  /** Providers of the tier whose status the draft's thresholds would change. */
  healthChanges: TierHealthChange[];
  /** What the vault counts against the cap, and what is left under the active and draft caps. */
  capacityUsed: bigint;
  capacityLeft: { active: bigint; draft: bigint };
}

/** Every provider of `tier`: ratio and status at `prices`, thresholds from `source`. */
async function tierStatuses(
  db: Executor,
  tier: TierName,
  prices: { STX: bigint; SBTC: bigint },
  source?: SQL,
): Promise<Map<string, { ratioBps: bigint | null; status: HealthStatus }>> {
  const rows = await queryRows<{ principal: string; ratio_bps: string | null; status: HealthStatus }>(
    db,
    sql`with ${healthStatusCtes(prices, source)}
        select pr.principal, status.ratio_bps::text as ratio_bps, status.status
        from status join providers pr on pr.id = status.id
        where status.tier = ${tier}::tier_name`,
  );
  return new Map(
    rows.map((r) => [
      r.principal,
      { ratioBps: r.ratio_bps === null ? null : BigInt(r.ratio_bps), status: r.status },
    ]),
  );
}

/**
 * What publishing `values` for a tier × token would change, before it is published: the
 * providers whose health status would move, computed by the health engine's own SQL
 * (`healthStatusCtes`) at the current fresh prices under the active thresholds and under the
 * draft's, and the capacity left under each cap. Stale prices refuse (no status from stale
 * prices), as the health monitor does.
 */
export async function previewTier(
  db: Executor,
  input: { tier: TierName; token: Token; values: TierValues },
  options: PriceOptions,
): Promise<TierPreview> {
  validateTierValues(input.values);
  const market = await getFreshMarketData(db, options.maxPriceAgeMs, options.now);
  const prices = { STX: market.STX.priceUsd, SBTC: market.BTC.priceUsd };
  const [active, draft, metrics] = await Promise.all([
    tierStatuses(db, input.tier, prices),
    tierStatuses(db, input.tier, prices, draftTierThresholdsSql({ ...input, ...input.values })),
    getTierMetrics(db, options.now),
  ]);
  const healthChanges: TierHealthChange[] = [];
  for (const [principal, now] of active) {
    const next = draft.get(principal);
    if (next && next.status !== now.status) {
      healthChanges.push({ principal, ratioBps: now.ratioBps, from: now.status, to: next.status });
    }
  }
  const figures = metrics.find((m) => m.token === input.token)?.tiers.find((t) => t.tier === input.tier);
  const used = figures?.capacityUsed ?? 0n;
  const left = (limit: bigint) => (limit > used ? limit - used : 0n);
  return {
    tier: input.tier,
    token: input.token,
    healthChanges,
    capacityUsed: used,
    capacityLeft: { active: left(figures?.capacityLimit ?? 0n), draft: left(input.values.capacityLimit) },
  };
}
