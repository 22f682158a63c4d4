import { type Executor, ledgerEntries, ledgerHistory, ledgerSteps } from '@bithedge/db';
import { inArray, like, or } from 'drizzle-orm';
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

/** What a chain event can do to the ledger: the first part of the keys of the entries it causes. */
export const CHAIN_EFFECT_KINDS = [
  'deposit',
  'withdraw',
  'withdrawal-cancel',
  'lock',
  'release',
  'settle',
  'premium-pending',
  'premium-earned',
] as const;
export type ChainEffectKind = (typeof CHAIN_EFFECT_KINDS)[number];

export function chainEffectKey(
  kind: ChainEffectKind,
  ref: ChainEventRef,
  cycle: number,
  part?: string,
): string {
  return `${eventPrefix(kind, ref)}${cycle > 1 ? `#${cycle}` : ''}${part ? `:${part}` : ''}`;
}

/** `<kind>:<tx id>:<event index>@<block hash>`: every key of one kind of effect of one event in one block. */
const eventPrefix = (kind: string, ref: ChainEventRef) =>
  `${kind}:${ref.txId}:${ref.eventIndex}@${ref.blockHash}`;

const REVERSAL = 'reversal:';

/** A LIKE pattern matching the strings that start with `prefix` (its own `%`, `_` and `\` escaped). */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The event's entries in this block not reversed yet, and the last cycle it was applied in (0: never).
 * Found by their keys' prefixes, one per kind of effect and its reversal, in the entries' keys and
 * the wide steps' own: ranges of the unique indexes on the keys (byte-ordered, migrations 0019 and
 * 0022, so LIKE 'prefix%' is an index range). By the event's tx id it was a scan of the whole
 * ledger for every event a re-org rolled back.
 */
export async function chainEventHistory(
  db: Executor,
  ref: ChainEventRef,
): Promise<{ live: LedgerEntry[]; lastCycle: number }> {
  const prefixes = CHAIN_EFFECT_KINDS.flatMap((kind) => [
    eventPrefix(kind, ref),
    `${REVERSAL}${eventPrefix(kind, ref)}`,
  ]);
  const entries = await db
    .select()
    .from(ledgerEntries)
    .where(or(...prefixes.map((p) => like(ledgerEntries.idempotencyKey, likePrefix(p)))));
  // A wide step is keyed by the event itself; its entries read as `<step key>:p<provider>`.
  const steps = db
    .select({ id: ledgerSteps.id })
    .from(ledgerSteps)
    .where(or(...prefixes.map((p) => like(ledgerSteps.idempotencyKey, likePrefix(p)))));
  const rows = [
    ...entries,
    ...(await db.select().from(ledgerHistory).where(inArray(ledgerHistory.id, steps))),
  ];
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
