import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, pgView, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { ledgerEntryTypeEnum, ledgerStatusEnum, tokenEnum } from './enums';

const delta = () => bigint({ mode: 'bigint' }).notNull().default(sql`0`);

/** The columns of one entry as `ledger_entries` stores them and `ledger_history` reads them. */
const entryColumns = () => ({
  providerId: integer().notNull(),
  token: tokenEnum().notNull(),
  type: ledgerEntryTypeEnum().notNull(),
  status: ledgerStatusEnum().notNull().default('CONFIRMED'),
  /** The magnitude of the operation, in base units. */
  amount: bigint({ mode: 'bigint' }).notNull(),
  availableDelta: delta(),
  lockedDelta: delta(),
  pendingWithdrawalDelta: delta(),
  pendingPremiumDelta: delta(),
  earnedPremiumDelta: delta(),
  claimedPremiumDelta: delta(),
  totalDepositedDelta: delta(),
  totalWithdrawnDelta: delta(),
  policyId: integer(),
  chainTxId: text(),
  chainEventIndex: integer(),
  idempotencyKey: text().notNull(),
  createdAt: createdAt(),
});

/**
 * Append-only history of every balance change. Each entry carries the signed change it made to
 * each balance column, so replaying the entries from zero reproduces every balance exactly
 * (verifyLedger checks it), and a unique idempotency key makes a retried operation a no-op.
 *
 * No foreign keys (migration 0018): an operation writes up to one entry per provider (10,000 for a
 * policy locked across the pool), and each key is a trigger per row. The write path (`applyEntries`)
 * checks them once per statement instead: every entry's provider × token has a balance row (checked
 * or opened in the same statement), and `provider_balances` references `providers`; the policies
 * an operation names must exist (`unknown-policy`). Neither providers nor policies are deleted.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    ...entryColumns(),
    idempotencyKey: text().notNull().unique(),
  },
  (t) => [
    check('ledger_entries_amount_positive', sql`${t.amount} > 0`),
    // Keyset pages of a provider's history, newest first on (created_at, id): the unfiltered page
    // walks the first index; a kind or token filter walks the second once per (type, token).
    index('ledger_entries_provider_at_id_idx').on(t.providerId, t.createdAt, t.id),
    index('ledger_entries_provider_type_token_at_id_idx').on(
      t.providerId,
      t.type,
      t.token,
      t.createdAt,
      t.id,
    ),
  ],
);

/**
 * A policy step written as ONE row: one type, token and policy across many providers (a lock of a
 * policy across 10,000 providers is one row, not 10,000), with each provider's amount in arrays
 * sorted by provider. Written instead of per-provider entries when a step reaches
 * `WIDE_STEP_PROVIDERS` (the ledger's `applyStep`): per-provider rows cost a heap tuple and two
 * history-index insertions each, which was most of such a write. Each row's deltas follow from its
 * type (POLICY_STEP_DELTAS in the ledger's step.ts), and readers see it as one entry per provider
 * through `ledger_history` (migration 0022). Its id comes from the entries' sequence, so the
 * (created_at, id) order of a provider's history stays total; its key is the step's, and each
 * provider's entry is keyed `<step key>:p<provider>`.
 */
export const ledgerSteps = pgTable(
  'ledger_steps',
  {
    id: bigint({ mode: 'bigint' }).primaryKey().default(sql`nextval('ledger_entries_id_seq')`),
    token: tokenEnum().notNull(),
    type: ledgerEntryTypeEnum().notNull(),
    policyId: integer(),
    chainTxId: text(),
    chainEventIndex: integer(),
    idempotencyKey: text().notNull().unique(),
    providerIds: integer().array().notNull(),
    amounts: bigint({ mode: 'bigint' }).array().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'ledger_steps_policy_step',
      sql`${t.type} in ('LOCK', 'RELEASE', 'SETTLEMENT_DEBIT', 'PREMIUM_PENDING', 'PREMIUM_EARNED')`,
    ),
    check(
      'ledger_steps_parts',
      sql`cardinality(${t.providerIds}) > 0 and cardinality(${t.providerIds}) = cardinality(${t.amounts}) and 0 < all(${t.amounts})`,
    ),
    // A provider's history finds the steps it is part of (the GIN index's pending list takes a
    // step's 10,000 keys in one append).
    index('ledger_steps_provider_ids_idx').using('gin', t.providerIds),
  ],
);

/**
 * The whole ledger, one row per provider per entry: `ledger_entries` and each `ledger_steps` row
 * unnested (migration 0022). Every reader of the history reads this; writes go through the
 * ledger's `applyEntries` / `applyStep`. A step's entries share its id (unique per provider).
 */
export const ledgerHistory = pgView('ledger_history', {
  id: bigint({ mode: 'bigint' }).notNull(),
  ...entryColumns(),
}).existing();
