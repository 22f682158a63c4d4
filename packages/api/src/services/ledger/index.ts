export { type ApplyResult, applyEntries, type BalanceDelta, type EntrySpec, type LedgerEntry } from './apply';
export {
  accruePremium,
  chainDepositHistory,
  claimPremiums,
  type DepositInput,
  debitSettlement,
  deposit,
  earnPremium,
  lockCollateral,
  type PolicyAmounts,
  releaseCollateral,
  requestWithdrawal,
  resolveWithdrawal,
  reverseChainDeposit,
  type WithdrawalRequestInput,
} from './operations';
export { type LedgerViolation, verifyLedger } from './verify';
