export { type ApplyResult, applyEntries, type BalanceDelta, type EntrySpec, type LedgerEntry } from './apply';
export { type ChainEventRef, chainEffectKey, chainEventHistory, reverseChainEvent } from './chain-keys';
export {
  accruePremium,
  claimPremiums,
  type DepositInput,
  debitSettlement,
  deposit,
  earnPremium,
  lockCollateral,
  POLICY_STEPS,
  type PolicyAmounts,
  type PolicyStep,
  releaseCollateral,
  requestWithdrawal,
  resolveWithdrawal,
  type WithdrawalRequestInput,
  withdrawalRequestKey,
} from './operations';
export { type LedgerViolation, verifyLedger } from './verify';
