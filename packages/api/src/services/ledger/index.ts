export {
  type ApplyResult,
  applyEntries,
  type BalanceDelta,
  type EntrySpec,
  type LedgerEntry,
  type ProviderByPrincipal,
} from './apply';
export { type ChainEventRef, chainEffectKey, chainEventHistory, reverseChainEvent } from './chain-keys';
export { checkLedger, LEDGER_ALERT, type LedgerCheck } from './check';
export {
  accruePremium,
  type ChainCause,
  type ChainWithdrawal,
  cancelWithdrawal,
  claimEarnedPremiums,
  claimPremiums,
  confirmChainWithdrawal,
  type DepositInput,
  debitSettlement,
  deposit,
  distributePremiumShares,
  earnPremium,
  lockCollateral,
  type PolicyAmounts,
  type PolicySettlement,
  type PremiumShare,
  policyEntries,
  premiumClaimKey,
  releaseCollateral,
  requestWithdrawal,
  resolveWithdrawal,
  settlePolicy,
  type TokenClaim,
  type WithdrawalRequestInput,
  withdrawalRequestKey,
} from './operations';
export {
  applyStep,
  POLICY_STEP_DELTAS,
  type PolicyStep,
  type StepSpec,
  stepEntryKey,
  WIDE_STEP_PROVIDERS,
} from './step';
export { type LedgerViolation, verifyLedger } from './verify';
