import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { chainBlockStatusEnum, chainEventStatusEnum, tokenEnum } from './enums';

/**
 * Inbox of chain events from Chainhook deliveries, keyed by (tx id, event index, block hash) so
 * a duplicate delivery is recognised and a re-org (same tx, other block) is a distinct row.
 */
export const chainEvents = pgTable(
  'chain_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    txId: text().notNull(),
    eventIndex: integer().notNull(),
    blockHash: text().notNull(),
    blockHeight: integer().notNull(),
    contractId: text().notNull(),
    eventType: text().notNull(),
    payload: jsonb().notNull(),
    status: chainEventStatusEnum().notNull().default('APPLIED'),
    appliedAt: timestamp({ withTimezone: true }),
    rolledBackAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.txId, t.eventIndex, t.blockHash),
    index('chain_events_block_idx').on(t.blockHeight),
    // A provider's deposits, allowances and withdrawals (its tier, its withdrawal state), and a
    // policy's lock and release (what the operator still has to do), found without a scan.
    index('chain_events_provider_idx').on(t.eventType, sql`(${t.payload}->>'provider')`),
    index('chain_events_policy_idx').on(t.eventType, sql`(${t.payload}->>'policy-id')`),
  ],
);

/** The vault's on-chain totals per token, as last synced. Clarity uints, hence numeric(39,0). */
export const poolMetrics = pgTable('pool_metrics', {
  token: tokenEnum().primaryKey(),
  vaultBalance: numeric({ precision: 39, scale: 0 }).notNull().default('0'),
  totalLocked: numeric({ precision: 39, scale: 0 }).notNull().default('0'),
  lastBlockHeight: integer(),
  lastBlockHash: text(),
  updatedAt: updatedAt(),
});

/**
 * The blocks deliveries applied or rolled back (S1): at most one APPLIED block per height (the
 * canonical one, as far as we know); a different block at that height is refused until the first
 * is rolled back, and a rollback of a block that is not the applied one is a no-op.
 */
export const chainBlocks = pgTable(
  'chain_blocks',
  {
    hash: text().primaryKey(),
    height: integer().notNull(),
    parentHash: text(),
    status: chainBlockStatusEnum().notNull().default('APPLIED'),
    appliedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rolledBackAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('chain_blocks_applied_height_idx').on(t.height).where(sql`${t.status} = 'APPLIED'`)],
);

/**
 * What an admin alert is about: one name each, in kebab-case (migration 0021 renamed the three
 * that were SHOUTED). Who raises each, and when, is in docs/admin.md.
 */
export const ADMIN_ALERT_KINDS = [
  'withdrawal-deficit',
  'event-quarantined',
  'untrusted-sbtc-deposit',
  'policy-unallocated',
  'reconciliation-mismatch',
  'ledger-violation',
  'margin-call',
] as const;
export type AdminAlertKind = (typeof ADMIN_ALERT_KINDS)[number];

/**
 * Things an administrator must look at: what ingestion recorded instead of refusing (it never
 * wedges on an on-chain fact), such as a withdrawal the ledger could not cover or an event whose
 * values do not fit the ledger, and what the periodic checks found (ADMIN_ALERT_KINDS).
 */
export const adminAlerts = pgTable(
  'admin_alerts',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    kind: text().$type<AdminAlertKind>().notNull(),
    message: text().notNull(),
    data: jsonb(),
    resolvedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('admin_alerts_open_idx').on(t.kind, t.createdAt)],
);
