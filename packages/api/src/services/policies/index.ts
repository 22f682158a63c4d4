export {
  type AllocationPart,
  allocateCollateral,
  planAllocation,
  requiredCollateral,
  splitPremium,
  tierCapacity,
} from './allocation';
export { backingTier, eligibleTiers, TIERS_BY_RISK } from './backing-tier';
export { listOwnPolicies, type OwnedPolicy } from './owned';
export {
  distributeDuePremiums,
  PREMIUM_DISTRIBUTION_DELAY_BLOCKS,
  premiumDueBurnHeight,
} from './premium-distribution';
