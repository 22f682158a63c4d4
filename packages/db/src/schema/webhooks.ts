import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per authenticated Chainhook delivery to `/api/webhooks/vault` (issue 18), for the admin
 * page's operations section: what became of it, never its body (a delivery can be megabytes, and
 * the chain is where its content lives). Bounded: each insert deletes the rows more than
 * `WEBHOOK_DELIVERIES_KEPT` ids older than itself (`recordWebhookDelivery` in packages/api), so
 * the table keeps about the newest thousand.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * `applied` (something new stored), `duplicate` (every event already stored), `conflict`
     * (409: cannot apply yet, Chainhook retries), `rejected` (400/413: never applies), `failed`
     * (500: an unexpected error).
     */
    status: text().notNull(),
    httpStatus: integer().notNull(),
    appliedBlocks: integer().notNull().default(0),
    rolledBackBlocks: integer().notNull().default(0),
    newEvents: integer().notNull().default(0),
    duplicateEvents: integer().notNull().default(0),
    /** The lowest and highest block height the delivery named (applied or rolled back), when parsed. */
    minHeight: integer(),
    maxHeight: integer(),
    /** Why it was refused (409, 400, 500). */
    error: text(),
    durationMs: integer().notNull(),
  },
  (t) => [
    index('webhook_deliveries_received_idx').on(t.receivedAt),
    check(
      'webhook_deliveries_status',
      sql`${t.status} in ('applied', 'duplicate', 'conflict', 'rejected', 'failed')`,
    ),
  ],
);
