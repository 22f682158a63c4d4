import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/**
 * One row per admin action (issue 18): who did what, the state before and after. Written in the
 * same transaction as the change it records, so the log can never miss an applied change nor
 * show one that rolled back. Never updated or deleted.
 */
export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    /** The admin's principal (the session's). */
    actor: text().notNull(),
    /** What was done, e.g. `risk_parameters.publish`, `tier.publish`. */
    action: text().notNull(),
    /** The state the action replaced (null when it created the first one). */
    before: jsonb(),
    after: jsonb(),
    createdAt: createdAt(),
  },
  // Keyset pages newest first walk (created_at, id) descending.
  (t) => [index('admin_audit_created_id_idx').on(t.createdAt.desc(), t.id.desc())],
);
