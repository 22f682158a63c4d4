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
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { chainEventStatusEnum, tokenEnum } from './enums';

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
