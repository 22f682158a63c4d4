export {
  type AllocationPart,
  allocateCollateral,
  planAllocation,
  requiredCollateral,
  tierCapacity,
} from './allocation';
export { backingTier, eligibleTiers, TIERS_BY_RISK } from './backing-tier';
export { listOwnPolicies, type OwnedPolicy } from './owned';
export { distributeDuePremiums } from './premium-distribution';
