import { type Executor, type PolicyType, riskParameters } from '@bithedge/db';
import type { RiskParams } from '@bithedge/pricing';
import { and, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors';
// The file, not the domain's index: admin's previews import quoting, so its index would cycle.
import { recordAdminAction } from '../admin/audit';

export type RiskParameterRow = typeof riskParameters.$inferSelect;

export interface RiskParameterVersion {
  id: number;
  asset: string;
  policyType: PolicyType;
  version: number;
  isActive: boolean;
  createdBy: string | null;
  createdAt: Date;
  params: RiskParams;
}

export function toRiskParams(row: RiskParameterRow): RiskParams {
  return {
    baseRate: row.baseRate,
    volatilityMultiplier: row.volatilityMultiplier,
    durationFactor: row.durationFactor,
    coverageFactor: row.coverageFactor,
    tierMultipliers: {
      conservative: row.tierMultiplierConservative,
      balanced: row.tierMultiplierBalanced,
      aggressive: row.tierMultiplierAggressive,
    },
    liquidityAdjustment: row.liquidityAdjustment,
    marketTrendAdjustment: row.marketTrendAdjustment,
  };
}

function toVersion(row: RiskParameterRow): RiskParameterVersion {
  return {
    id: row.id,
    asset: row.asset,
    policyType: row.policyType,
    version: row.version,
    isActive: row.isActive,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    params: toRiskParams(row),
  };
}

/** The active version for an asset and policy type; quoting refuses without one. */
export async function getActiveRiskParameters(
  db: Executor,
  policyType: PolicyType,
  asset = 'BTC',
): Promise<RiskParameterVersion> {
  const [row] = await db
    .select()
    .from(riskParameters)
    .where(
      and(
        eq(riskParameters.asset, asset),
        eq(riskParameters.policyType, policyType),
        eq(riskParameters.isActive, true),
      ),
    );
  if (!row) throw new AppError('UNAVAILABLE', `No active risk parameters for ${asset} ${policyType}`);
  return toVersion(row);
}

/** Every version, newest first (the admin's history view). */
export async function listRiskParameters(db: Executor, asset = 'BTC'): Promise<RiskParameterVersion[]> {
  const rows = await db
    .select()
    .from(riskParameters)
    .where(eq(riskParameters.asset, asset))
    .orderBy(riskParameters.policyType, desc(riskParameters.version));
  return rows.map(toVersion);
}

export interface PublishRiskParametersInput {
  asset?: string;
  policyType: PolicyType;
  params: RiskParams;
  createdBy: string;
}

/**
 * Publishes a new version and makes it the active one. The old version stays for audit (saved
 * quotes point at the numbers they were priced with). One transaction, serialised per asset ×
 * type by a transaction-scoped advisory lock so two admins cannot both become "latest" (the
 * partial unique index on the active version is the backstop). The audit row is written in the
 * same transaction.
 */
export async function publishRiskParameters(
  db: Executor,
  input: PublishRiskParametersInput,
): Promise<RiskParameterVersion> {
  const asset = input.asset ?? 'BTC';
  const p = input.params;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`risk_parameters:${asset}:${input.policyType}`}))`,
    );
    const [latest] = await tx
      .select({ version: sql<number>`coalesce(max(${riskParameters.version}), 0)::int` })
      .from(riskParameters)
      .where(and(eq(riskParameters.asset, asset), eq(riskParameters.policyType, input.policyType)));
    const [previous] = await tx
      .update(riskParameters)
      .set({ isActive: false })
      .where(
        and(
          eq(riskParameters.asset, asset),
          eq(riskParameters.policyType, input.policyType),
          eq(riskParameters.isActive, true),
        ),
      )
      .returning();
    const [row] = await tx
      .insert(riskParameters)
      .values({
        asset,
        policyType: input.policyType,
        version: (latest?.version ?? 0) + 1,
        baseRate: p.baseRate,
        volatilityMultiplier: p.volatilityMultiplier,
        durationFactor: p.durationFactor,
        coverageFactor: p.coverageFactor,
        tierMultiplierConservative: p.tierMultipliers.conservative,
        tierMultiplierBalanced: p.tierMultipliers.balanced,
        tierMultiplierAggressive: p.tierMultipliers.aggressive,
        liquidityAdjustment: p.liquidityAdjustment,
        marketTrendAdjustment: p.marketTrendAdjustment,
        isActive: true,
        createdBy: input.createdBy,
      })
      .returning();
    if (!row) throw new AppError('INVALID_STATE', 'Risk parameter insert returned nothing');
    const version = toVersion(row);
    await recordAdminAction(tx, {
      actor: input.createdBy,
      action: 'risk_parameters.publish',
      before: previous ? toVersion(previous) : null,
      after: version,
    });
    return version;
  });
}
