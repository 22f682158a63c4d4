import { adminAlerts, chainBlocks, type Database, type Executor, TOKENS } from '@bithedge/db';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { VaultTotalsReader } from '../../adapters/vault-chain';
import { raiseAdminAlert } from '../admin';
import { reconcileVault, type TokenReconciliation } from './reconciliation';

/** The admin alert a vault ≠ mirror ≠ ledger difference raises. */
export const RECONCILIATION_ALERT = 'reconciliation-mismatch';

export interface ReconciliationCheck {
  source: string;
  /** The block the vault was read at (the last one ingestion applied), or null for the chain's tip. */
  atBlock: string | null;
  reconciled: boolean;
  tokens: TokenReconciliation[];
  /** What happened to the admin alert: a new one, the open one kept, the open one resolved, none. */
  alert: 'raised' | 'unchanged' | 'resolved' | 'none';
}

/**
 * The `reconcile` step: the vault's totals (read at the last block ingestion applied) against
 * the mirror and the ledger. A mismatch raises one admin alert per mismatch state: while the
 * same figures stay wrong the open alert stands and no new one is raised each run; different
 * figures supersede it with a new alert; equality again resolves it.
 */
export async function checkReconciliation(
  db: Database,
  reader: VaultTotalsReader,
): Promise<ReconciliationCheck> {
  const [last] = await db
    .select({ hash: chainBlocks.hash })
    .from(chainBlocks)
    .where(eq(chainBlocks.status, 'APPLIED'))
    .orderBy(desc(chainBlocks.height))
    .limit(1);
  const at = last ? { blockHash: last.hash } : undefined;
  const read = await Promise.all(
    TOKENS.map(async (token) => ({ token, ...(await reader.vaultTotals(token, at)) })),
  );
  const result = await reconcileVault(db, read);
  const atBlock = read.every((r) => r.atBlock !== null) ? (read[0]?.atBlock ?? null) : null;
  const alert = await db.transaction((tx) => recordAlertState(tx, result.tokens, atBlock));
  return { source: reader.source, atBlock, ...result, alert };
}

/** A mismatch's identity: the figures of the tokens that differ. */
function fingerprint(tokens: readonly TokenReconciliation[]): string {
  return JSON.stringify(
    tokens.filter((t) => !t.equal).map((t) => [t.token, plain(t.vault), plain(t.mirror), plain(t.ledger)]),
  );
}

const plain = (x: { balance: bigint; locked: bigint }) => `${x.balance}/${x.locked}`;

async function recordAlertState(
  tx: Executor,
  tokens: readonly TokenReconciliation[],
  atBlock: string | null,
): Promise<ReconciliationCheck['alert']> {
  const open = await tx
    .select({ id: adminAlerts.id, data: adminAlerts.data })
    .from(adminAlerts)
    .where(and(eq(adminAlerts.kind, RECONCILIATION_ALERT), isNull(adminAlerts.resolvedAt)));
  const resolveOpen = () =>
    tx
      .update(adminAlerts)
      .set({ resolvedAt: new Date() })
      .where(and(eq(adminAlerts.kind, RECONCILIATION_ALERT), isNull(adminAlerts.resolvedAt)));
  const mismatched = tokens.filter((t) => !t.equal);
  if (mismatched.length === 0) {
    if (open.length === 0) return 'none';
    await resolveOpen();
    return 'resolved';
  }
  const print = fingerprint(tokens);
  if (open.some((a) => (a.data as { fingerprint?: string } | null)?.fingerprint === print))
    return 'unchanged';
  await resolveOpen();
  await raiseAdminAlert(tx, {
    kind: RECONCILIATION_ALERT,
    message: `Vault, mirror and ledger disagree for ${mismatched.map((t) => t.token).join(', ')}`,
    data: {
      fingerprint: print,
      atBlock,
      tokens: mismatched.map((t) => ({
        token: t.token,
        vault: strings(t.vault),
        mirror: strings(t.mirror),
        ledger: strings(t.ledger),
      })),
    },
  });
  return 'raised';
}

const strings = (x: { balance: bigint; locked: bigint }) => ({
  balance: `${x.balance}`,
  locked: `${x.locked}`,
});
