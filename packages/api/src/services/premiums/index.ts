export {
  claimProviderPremiums,
  type PremiumClaimResult,
  type TokenClaimResult,
} from './claim';
export {
  listProviderPremiums,
  PENDING_LIST_LIMIT,
  type PendingPremiumShare,
  type PremiumHistoryItem,
  type PremiumPolicy,
  type PremiumsQuery,
  type PremiumTotals,
  type ProviderPremiums,
  unlockEstimate,
} from './list';
