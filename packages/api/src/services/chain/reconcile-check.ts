import { type AdminAlertKind, chainBlocks, type Database, type Executor, TOKENS } from '@bithedge/db';
import { desc, eq } from 'drizzle-orm';
import type { VaultTotalsReader } from '../../adapters/vault-chain';
import { syncAdminAlert } from '../admin';
import { reconcileVault, type TokenReconciliation } from './reconciliation';

/** The admin alert a vault ≠ mirror ≠ ledger difference raises. */
export const RECONCILIATION_ALERT: AdminAlertKind = 'reconciliation-mismatch';

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
  const mismatched = tokens.filter((t) => !t.equal);
  return syncAdminAlert(
    tx,
    RECONCILIATION_ALERT,
    mismatched.length === 0
      ? null
      : {
          fingerprint: fingerprint(tokens),
          message: `Vault, mirror and ledger disagree for ${mismatched.map((t) => t.token).join(', ')}`,
          data: {
            atBlock,
            tokens: mismatched.map((t) => ({
              token: t.token,
              vault: strings(t.vault),
              mirror: strings(t.mirror),
              ledger: strings(t.ledger),
            })),
          },
        },
  );
}

const strings = (x: { balance: bigint; locked: bigint }) => ({
  balance: `${x.balance}`,
  locked: `${x.locked}`,
});
