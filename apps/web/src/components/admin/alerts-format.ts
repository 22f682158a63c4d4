import type { AdminAlertKind } from '@bithedge/api';
import type { BadgeTone } from '@/components/ui/badge';

/**
 * The alerts the backend raises, in words, with how urgent each is: money the ledger cannot
 * account for is danger; a provider or a policy that needs a look is a warning.
 */
const KINDS: Record<AdminAlertKind, { label: string; tone: BadgeTone }> = {
  'withdrawal-deficit': { label: 'Withdrawal deficit', tone: 'danger' },
  'reconciliation-mismatch': { label: 'Reconciliation mismatch', tone: 'danger' },
  'event-quarantined': { label: 'Event quarantined', tone: 'danger' },
  'ledger-violation': { label: 'Ledger identity broken', tone: 'danger' },
  'untrusted-sbtc-deposit': { label: 'Untrusted sBTC deposit', tone: 'danger' },
  'policy-unallocated': { label: 'Policy not backed', tone: 'warning' },
  'margin-call': { label: 'Margin call', tone: 'warning' },
};

/** An alert kind's label and tone; a kind this list does not know shows as it is, as a warning. */
export function alertKind(kind: string): { label: string; tone: BadgeTone } {
  return KINDS[kind as AdminAlertKind] ?? { label: kind, tone: 'warning' };
}

/** An alert's data as `key: value` lines (nested values as JSON), for its details. */
export function alertDetails(data: unknown): string[] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>).map(
    ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
}
