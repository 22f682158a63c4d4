import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { ledgerEntryTypeEnum, ledgerStatusEnum, tokenEnum } from './enums';

const delta = () => bigint({ mode: 'bigint' }).notNull().default(sql`0`);

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
    idempotencyKey: text().notNull().unique(),
    createdAt: createdAt(),
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
