import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

/**
 * The vault operator's outbox: every transaction it sent, by action and subject (a policy id, a
 * premium claim id, a provider:token), with its fate. The operator never re-sends an (action,
 * subject) whose transaction is still PENDING (at most one live row each, by the partial unique
 * index), polls PENDING rows until the chain says CONFIRMED, FAILED or DROPPED, and after a
 * failure waits until `retry_after` (growing back-off) before trying the subject again.
 */
export const operatorOutbox = pgTable(
  'operator_outbox',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    action: text().notNull(),
    subject: text().notNull(),
    txId: text(),
    /** The operator account nonce the transaction used (null on the local chain). */
    nonce: bigint({ mode: 'bigint' }),
    status: text().notNull().default('PENDING'),
    /** The chain's answer or the broadcast error, for FAILED and DROPPED rows. */
    error: text(),
    /** How many failures in a row this (action, subject) has had, this one included. */
    attempts: integer().notNull().default(0),
    /** A FAILED or DROPPED subject is not sent again before this time. */
    retryAfter: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('operator_outbox_live_subject_idx')
      .on(t.action, t.subject)
      .where(sql`${t.status} = 'PENDING'`),
    index('operator_outbox_subject_idx').on(t.action, t.subject, t.id),
    check('operator_outbox_status', sql`${t.status} in ('PENDING', 'CONFIRMED', 'FAILED', 'DROPPED')`),
  ],
);
