import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { amount, createdAt, updatedAt } from './columns';
import { healthStatusEnum, tierNameEnum, tokenEnum } from './enums';

/** A liquidity provider: one Stacks principal in one risk tier. */
export const providers = pgTable(
  'providers',
  {
    id: serial().primaryKey(),
    principal: text().notNull().unique(),
    tier: tierNameEnum().notNull(),
    /** Written by the `monitor-health` step (services/health); see docs/collateral-health.md. */
    healthStatus: healthStatusEnum().notNull().default('healthy'),
    /** Collateral value ÷ requirement, in bps (rounded down); null while nothing is required. */
    collateralizationRatioBps: bigint({ mode: 'bigint' }),
    /** USD (8 decimals): Σ share of the maximum payout of each live policy backed (rounded up). */
    healthRequirementUsd: bigint({ mode: 'bigint' }),
    /** USD (8 decimals): (available + locked) × oracle price, per token, rounded down. */
    healthCollateralUsd: bigint({ mode: 'bigint' }),
    /** BTC and STX prices (USD, 8 decimals) of the last check, to say what moved at a transition. */
    healthBtcPriceUsd: bigint({ mode: 'bigint' }),
    healthStxPriceUsd: bigint({ mode: 'bigint' }),
    lastHealthCheckAt: timestamp({ withTimezone: true }),
    /** When `healthStatus` last changed, and what the figures were before and after (`HealthTransition`). */
    healthChangedAt: timestamp({ withTimezone: true }),
    healthTransition: jsonb(),
    /**
     * The status the provider was last notified of. A status that differs is a transition not yet
     * notified: notifications are written in their own statement, so a failure there never holds
     * back a status write, and the next pass retries.
     */
    healthNotifiedStatus: healthStatusEnum().notNull().default('healthy'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('providers_tier_idx').on(t.tier)],
);

/**
 * Balances per provider × token, in base units. The identity the ledger keeps:
 * capital = available + locked + pending_withdrawal. Every column is kept ≥ 0 by CHECK
 * constraints so no code path, however wrong, can persist an overdraft. Half of each page is left
 * free (`fillfactor = 50`, migration 0018) so the ledger's updates stay on their page (HOT).
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
