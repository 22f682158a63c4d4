import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { amount, createdAt, updatedAt } from './columns';
import { tokenEnum } from './enums';

/** The pool-wide row of a token in `pool_snapshots.tier`. */
export const POOL_SCOPE = 'all';

/**
 * Hourly pool and tier figures (the `snapshot-pool` cron step): one row per hour × token × tier,
 * plus a pool-wide row per token (tier `all`). Amounts in the token's base units.
 */
export const poolSnapshots = pgTable(
  'pool_snapshots',
  {
    /** The start of the UTC hour the figures belong to (the latest run in that hour wins). */
    hour: timestamp({ withTimezone: true }).notNull(),
    token: tokenEnum().notNull(),
    /** A tier name, or `all` for the whole pool of the token. */
    tier: text().notNull(),
    capital: amount(),
    locked: amount(),
    available: amount(),
    utilizationBps: integer().notNull(),
    providerCount: integer().notNull(),
    activePolicyCount: integer().notNull(),
    /** Premium shares distributed to date (earned + claimed). */
    premiumsEarned: amount(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.token, t.tier, t.hour] }),
    check('pool_snapshots_tier', sql`${t.tier} in ('conservative', 'balanced', 'aggressive', 'all')`),
    check('pool_snapshots_hour', sql`${t.hour} = date_trunc('hour', ${t.hour}, 'UTC')`),
  ],
);
