import type { PolicyType, TierName } from '@bithedge/db';

/** Tiers from the most to the least risk-averse. */
export const TIERS_BY_RISK: readonly TierName[] = ['conservative', 'balanced', 'aggressive'];

/**
 * Which tier's providers back a policy: the closer its strike is to the money, the likelier a
 * payout, the riskier the tier. Within 5% of spot → aggressive, within 15% → balanced, further
 * out of the money → conservative (in the money counts as 0% away).
 */
export function backingTier(policyType: PolicyType, protectedValuePercentage: number): TierName {
  const outOfTheMoney =
    policyType === 'PUT' ? 100 - protectedValuePercentage : protectedValuePercentage - 100;
  if (outOfTheMoney <= 5) return 'aggressive';
  if (outOfTheMoney <= 15) return 'balanced';
  return 'conservative';
}

/** The tiers that may back a policy of this tier, in the order they are asked: its own, then riskier ones. */
export function eligibleTiers(tier: TierName): TierName[] {
  return TIERS_BY_RISK.slice(TIERS_BY_RISK.indexOf(tier));
}
