import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/** Messages for a principal, e.g. a change of collateral health. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    principal: text().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    data: jsonb(),
    /** Makes a retried write a no-op (e.g. one health transition is notified once). */
    dedupeKey: text().unique(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_principal_created_idx').on(t.principal, t.createdAt),
    index('notifications_principal_id_idx').on(t.principal, t.id),
  ],
);
