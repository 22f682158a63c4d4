import type { Executor } from '../client';
import { riskParameters } from '../schema';

/**
 * Version 1 of the premium model's risk parameters, active for BTC PUTs and CALLs. These are
 * the pricing package's DEFAULT_RISK_PARAMS (a test in the API package keeps them equal):
 * 1% a year on the protected value, a 1.1× volatility risk premium, +10% per year of duration,
 * +5% per unit of coverage, tier multipliers 0.9 / 1.0 / 1.15, no market adjustments.
 */
export const DEFAULT_RISK_PARAMETER_VALUES = {
  baseRate: 0.01,
  volatilityMultiplier: 1.1,
  durationFactor: 0.1,
  coverageFactor: 0.05,
  tierMultiplierConservative: 0.9,
  tierMultiplierBalanced: 1,
  tierMultiplierAggressive: 1.15,
  liquidityAdjustment: 0,
  marketTrendAdjustment: 0,
} as const;

/** Inserts version 1 for each policy type if absent; never touches later versions. */
export async function seedRiskParameters(db: Executor): Promise<void> {
  await db
    .insert(riskParameters)
    .values(
      (['PUT', 'CALL'] as const).map((policyType) => ({
        asset: 'BTC',
        policyType,
        version: 1,
        isActive: true,
        createdBy: 'seed',
        ...DEFAULT_RISK_PARAMETER_VALUES,
      })),
    )
    .onConflictDoNothing({
      target: [riskParameters.asset, riskParameters.policyType, riskParameters.version],
    });
}
