import { createHash } from 'node:crypto';
import type { AdminAlertKind, Database } from '@bithedge/db';
import { syncAdminAlert } from '../admin/alerts';
import { type LedgerViolation, verifyLedger } from './verify';

/** The admin alert a broken ledger identity raises. */
export const LEDGER_ALERT: AdminAlertKind = 'ledger-violation';

/** How many violations an alert carries in its data (the count says how many there are). */
const SHOWN = 20;

export interface LedgerCheck {
  violations: number;
  /** Per rule: replay, capital, negative, orphan-entries. */
  byRule: Record<string, number>;
  alert: 'raised' | 'unchanged' | 'resolved' | 'none';
}

/**
 * The `verify-ledger` step: checks the ledger's identities (`verifyLedger`: balances replay from
 * the entries, capital adds up, nothing negative, no orphan entry) over every provider × token,
 * and keeps an admin alert open while any is broken — one per distinct set of violations, resolved
 * when the ledger is whole again. The write path keeps them by construction; this is the net under
 * anything written around it (a migration, a manual fix, a bug).
 */
export async function checkLedger(db: Database): Promise<LedgerCheck> {
  // In a stable order, so the same violations always make the same fingerprint.
  const violations = (await verifyLedger(db)).sort((a, b) =>
    `${a.rule}|${a.providerId}|${a.token}|${a.detail}`.localeCompare(
      `${b.rule}|${b.providerId}|${b.token}|${b.detail}`,
    ),
  );
  const byRule: Record<string, number> = {};
  for (const v of violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  const alert = await db.transaction((tx) =>
    syncAdminAlert(tx, LEDGER_ALERT, violations.length === 0 ? null : problem(violations, byRule)),
  );
  return { violations: violations.length, byRule, alert };
}

function problem(violations: readonly LedgerViolation[], byRule: Record<string, number>) {
  const rules = Object.entries(byRule)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return {
    // Violations name figures: a drift that grows is a new problem, the same one is not.
    fingerprint: createHash('sha256').update(JSON.stringify(violations)).digest('hex'),
    message: `The ledger breaks ${violations.length} of its identities (${rules}); first: provider ${violations[0]!.providerId} ${violations[0]!.token}, ${violations[0]!.detail}`,
    data: { count: violations.length, byRule, violations: violations.slice(0, SHOWN) },
  };
}
