import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { amount, createdAt, updatedAt } from './columns';
import { healthStatusEnum, tierNameEnum, tokenEnum } from './enums';

/** A liquidity provider: one Stacks principal in one risk tier. */
export const providers = pgTable(
  'providers',
  {
    id: serial().primaryKey(),
    principal: text().notNull().unique(),
    tier: tierNameEnum().notNull(),
    healthStatus: healthStatusEnum().notNull().default('healthy'),
    /** Current collateral ÷ required collateral, in bps; null while nothing is locked. */
    collateralizationRatioBps: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('providers_tier_idx').on(t.tier)],
);

/**
 * Balances per provider × token, in base units. The identity the ledger keeps:
 * capital = available + locked + pending_withdrawal. Every column is kept ≥ 0 by CHECK
 * constraints so no code path, however wrong, can persist an overdraft.
 */
export const providerBalances = pgTable(
  'provider_balances',
  {
    providerId: integer()
      .notNull()
      .references(() => providers.id, { onDelete: 'restrict' }),
    token: tokenEnum().notNull(),
    totalDeposited: amount(),
    available: amount(),
    locked: amount(),
    pendingWithdrawal: amount(),
    totalWithdrawn: amount(),
    earnedPremiums: amount(),
    pendingPremiums: amount(),
    claimedPremiums: amount(),
    /**
     * Two-phase cancel (H1): set when the provider cancelled while the vault still authorized part
     * of the pending withdrawal. The pending funds stay pending (the provider can still take them on
     * chain) until the ingested `allowance` event that lowers the allowance to 0 returns what is
     * left to available and clears it. Null: no cancel in progress.
     */
    withdrawalCancelRequestedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.token] }),
    index('provider_balances_token_idx').on(t.token),
    check(
      'provider_balances_nonnegative',
      sql`${t.totalDeposited} >= 0 AND ${t.available} >= 0 AND ${t.locked} >= 0 AND ${t.pendingWithdrawal} >= 0 AND ${t.totalWithdrawn} >= 0 AND ${t.earnedPremiums} >= 0 AND ${t.pendingPremiums} >= 0 AND ${t.claimedPremiums} >= 0`,
    ),
  ],
);
