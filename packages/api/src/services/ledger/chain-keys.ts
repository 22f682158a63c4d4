import { type Executor, ledgerEntries } from '@bithedge/db';
import { and, eq } from 'drizzle-orm';
import { type ApplyResult, applyEntries, type EntrySpec, type LedgerEntry } from './apply';

/**
 * Ledger entries caused by a chain event are keyed by where the event happened:
 * `<kind>:<tx id>:<event index>@<block hash>[#<cycle>][:<part>]`. The same transaction in another
 * block (a re-org) is a different event; a block applied again after its rollback is a new cycle;
 * one event may touch several providers (one part each). A rollback reverses exactly the entries
 * of that event in that block that are still live.
 */
export interface ChainEventRef {
  txId: string;
  eventIndex: number;
  blockHash: string;
}

export function chainEffectKey(kind: string, ref: ChainEventRef, cycle: number, part?: string): string {
  return `${kind}:${ref.txId}:${ref.eventIndex}@${ref.blockHash}${cycle > 1 ? `#${cycle}` : ''}${part ? `:${part}` : ''}`;
}

const REVERSAL = 'reversal:';

/** The event's entries in this block not reversed yet, and the last cycle it was applied in (0: never). */
export async function chainEventHistory(
  db: Executor,
  ref: ChainEventRef,
): Promise<{ live: LedgerEntry[]; lastCycle: number }> {
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.chainTxId, ref.txId), eq(ledgerEntries.chainEventIndex, ref.eventIndex)));
  const marker = `:${ref.txId}:${ref.eventIndex}@${ref.blockHash}`;
  const cycleOf = (key: string): number | undefined => {
    const at = key.indexOf(marker);
    if (at < 0) return undefined;
    const rest = key.slice(at + marker.length);
    const match = /^(?:#(\d+))?(?::|$)/.exec(rest);
    return match ? Number(match[1] ?? 1) : undefined;
  };
  const reversed = new Set(
    rows
      .filter((r) => r.idempotencyKey.startsWith(REVERSAL))
      .map((r) => r.idempotencyKey.slice(REVERSAL.length)),
  );
  const originals = rows.filter(
    (r) => !r.idempotencyKey.startsWith(REVERSAL) && cycleOf(r.idempotencyKey) !== undefined,
  );
  return {
    live: originals.filter((r) => !reversed.has(r.idempotencyKey)),
    lastCycle: Math.max(0, ...originals.map((r) => cycleOf(r.idempotencyKey) ?? 0)),
  };
}

const negate = (entry: LedgerEntry): EntrySpec['delta'] => ({
  available: -entry.availableDelta,
  locked: -entry.lockedDelta,
  pendingWithdrawal: -entry.pendingWithdrawalDelta,
  pendingPremium: -entry.pendingPremiumDelta,
  earnedPremium: -entry.earnedPremiumDelta,
  claimedPremium: -entry.claimedPremiumDelta,
  totalDeposited: -entry.totalDepositedDelta,
  totalWithdrawn: -entry.totalWithdrawnDelta,
});

/**
 * Undoes what a rolled-back event had applied, with compensating entries (the ledger is
 * append-only): DEPOSIT_REVERSAL for a deposit, CHAIN_REVERSAL for anything else. Idempotent.
 * Refused with INSUFFICIENT_FUNDS when the funds have moved on since (a deposit already locked or
 * withdrawn): an operator must look at such a re-org; the ledger never goes negative.
 */
export async function reverseChainEvent(db: Executor, ref: ChainEventRef): Promise<ApplyResult> {
  const { live } = await chainEventHistory(db, ref);
  return applyEntries(
    db,
    live.map((entry) => ({
      providerId: entry.providerId,
      token: entry.token,
      type: entry.type === 'DEPOSIT' ? 'DEPOSIT_REVERSAL' : 'CHAIN_REVERSAL',
      amount: entry.amount,
      delta: negate(entry),
      policyId: entry.policyId ?? undefined,
      chainTxId: ref.txId,
      chainEventIndex: ref.eventIndex,
      idempotencyKey: `${REVERSAL}${entry.idempotencyKey}`,
    })),
  );
}
