import type { LedgerEntryType } from '@bithedge/db';

/**
 * The history's filter vocabulary: a few kinds a provider thinks in, each a fixed set of ledger
 * entry types (every type belongs to exactly one kind).
 */
export const TRANSACTION_KINDS = [
  'deposit',
  'withdrawal',
  'collateral',
  'settlement',
  'premium',
  'reversal',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const KIND_TYPES: Record<TransactionKind, readonly LedgerEntryType[]> = {
  deposit: ['DEPOSIT', 'DEPOSIT_REVERSAL'],
  withdrawal: [
    'WITHDRAWAL_REQUEST',
    'WITHDRAWAL_CONFIRM',
    'WITHDRAWAL_FAIL',
    'WITHDRAWAL_CANCEL',
    'WITHDRAWAL_DEFICIT',
  ],
  collateral: ['LOCK', 'RELEASE'],
  settlement: ['SETTLEMENT_DEBIT'],
  premium: ['PREMIUM_PENDING', 'PREMIUM_EARNED', 'PREMIUM_CLAIM'],
  reversal: ['CHAIN_REVERSAL'],
};

export function kindOf(type: LedgerEntryType): TransactionKind {
  const kind = TRANSACTION_KINDS.find((k) => KIND_TYPES[k].includes(type));
  if (!kind) throw new Error(`ledger entry type ${type} has no kind`);
  return kind;
}

/** How a policy is named to the provider: its on-chain id (what the explorer shows) when known. */
export function policyLabel(policy: { id: number; onchainId: string | null } | null): string {
  if (!policy) return 'a policy';
  return policy.onchainId === null ? `policy ${policy.id} (not yet on chain)` : `policy #${policy.onchainId}`;
}

const WORDS: Record<LedgerEntryType, (policy: string) => string> = {
  DEPOSIT: () => 'Deposit',
  DEPOSIT_REVERSAL: () => 'Deposit reversed: its block was rolled back',
  WITHDRAWAL_REQUEST: () => 'Withdrawal requested',
  WITHDRAWAL_CONFIRM: () => 'Withdrawal confirmed on chain',
  WITHDRAWAL_FAIL: () => 'Withdrawal failed: returned to available',
  WITHDRAWAL_CANCEL: () => 'Withdrawal cancelled: returned to available',
  WITHDRAWAL_DEFICIT: () => 'Withdrawal beyond the recorded balance (under review)',
  LOCK: (p) => `Locked for ${p}`,
  RELEASE: (p) => `Released from ${p}`,
  SETTLEMENT_DEBIT: (p) => `Settlement debit for ${p}`,
  PREMIUM_PENDING: (p) => `Premium pending from ${p}`,
  PREMIUM_EARNED: (p) => `Premium earned from ${p}`,
  PREMIUM_CLAIM: () => 'Premiums claimed to available',
  CHAIN_REVERSAL: () => 'Reversed: its block was rolled back',
};

/**
 * One entry in words. A CHAIN_REVERSAL names what it undid ("Reversed (block rolled back):
 * locked for policy #3") when the original entry is known.
 */
export function describeEntry(
  type: LedgerEntryType,
  policy: { id: number; onchainId: string | null } | null,
  reverses: LedgerEntryType | null = null,
): string {
  const label = policyLabel(policy);
  if (type === 'CHAIN_REVERSAL' && reverses) {
    const original = WORDS[reverses](label);
    return `Reversed (block rolled back): ${original.charAt(0).toLowerCase()}${original.slice(1)}`;
  }
  return WORDS[type](label);
}
