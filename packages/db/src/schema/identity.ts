import { index, integer, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

export const roleEnum = pgEnum('role', ['user', 'admin']);
export type Role = (typeof roleEnum.enumValues)[number];

/** A Stacks principal that has signed in at least once. */
export const accounts = pgTable('accounts', {
  id: serial().primaryKey(),
  principal: text().notNull().unique(),
  role: roleEnum().notNull().default('user'),
  lastSignedInAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Single-use sign-in nonces: consumed (used_at set) by the one sign-in that presents them. */
export const authNonces = pgTable(
  'auth_nonces',
  {
    nonce: text().primaryKey(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('auth_nonces_expires_idx').on(t.expiresAt)],
);

/** Sessions behind the httpOnly cookie. Only a hash of the token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId), index('sessions_expires_idx').on(t.expiresAt)],
);
