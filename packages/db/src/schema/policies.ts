import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { amount, createdAt, updatedAt } from './columns';
import { allocationStatusEnum, policyStatusEnum, policyTypeEnum, tierNameEnum, tokenEnum } from './enums';
import { quotes } from './pricing';
import { providers } from './providers';

/** A protection policy bought on chain. USD values have 8 decimals; amounts are base units. */
export const policies = pgTable(
  'policies',
  {
    id: serial().primaryKey(),
    /** The policy registry's id; a Clarity uint, so numeric(39,0). */
    onchainId: numeric({ precision: 39, scale: 0 }).unique(),
    owner: text().notNull(),
    type: policyTypeEnum().notNull(),
    strikeUsd: bigint({ mode: 'bigint' }).notNull(),
    amountSats: bigint({ mode: 'bigint' }).notNull(),
    premiumUsd: bigint({ mode: 'bigint' }).notNull(),
    /** Premium paid, in micro-STX whatever the collateral token (the registry collects STX). */
    premiumAmount: bigint({ mode: 'bigint' }).notNull(),
    /** Collateral locked behind the policy, in the token's base units. */
    collateralAmount: bigint({ mode: 'bigint' }).notNull(),
    /** The collateral token, which the payout is also paid in (SBTC: an sBTC-backed CALL). */
    token: tokenEnum().notNull(),
    tier: tierNameEnum().notNull(),
    expirationHeight: integer().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    status: policyStatusEnum().notNull().default('PENDING'),
    quoteId: uuid().references(() => quotes.id, { onDelete: 'set null' }),
    settlementAmount: bigint({ mode: 'bigint' }),
    /**
     * The BTC and STX prices (USD, 8 decimals) the operator settled the policy at, recorded when it
     * sent the exercise or expiry: the chain event carries only the payout.
     */
    settlementBtcUsd: bigint({ mode: 'bigint' }),
    settlementStxUsd: bigint({ mode: 'bigint' }),
    /**
     * The burn height when the operator sent the settlement (at or after the expiry): premium
     * shares are due a fixed number of blocks after it, so the wait follows the settlement.
     */
    settlementBurnHeight: integer(),
    settledAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'policies_amounts_positive',
      sql`${t.strikeUsd} > 0 AND ${t.amountSats} > 0 AND ${t.premiumAmount} >= 0 AND ${t.collateralAmount} >= 0`,
    ),
    index('policies_owner_status_idx').on(t.owner, t.status),
    index('policies_status_expires_idx').on(t.status, t.expiresAt),
  ],
);

/** Which providers back a policy, with how much collateral and their share of its premium. */
export const policyAllocations = pgTable(
  'policy_allocations',
  {
    id: serial().primaryKey(),
    policyId: integer()
      .notNull()
      .references(() => policies.id, { onDelete: 'restrict' }),
    providerId: integer()
      .notNull()
      .references(() => providers.id, { onDelete: 'restrict' }),
    /** The collateral token of `amount` (the policy's). */
    token: tokenEnum().notNull(),
    amount: amount(),
    shareBps: integer().notNull(),
    /** This backer's premium share, in micro-STX whatever `token` is. */
    premiumAmount: amount(),
    status: allocationStatusEnum().notNull().default('LOCKED'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.policyId, t.providerId),
    check('policy_allocations_nonnegative', sql`${t.amount} >= 0 AND ${t.premiumAmount} >= 0`),
    check('policy_allocations_share_range', sql`${t.shareBps} BETWEEN 0 AND 10000`),
    index('policy_allocations_policy_idx').on(t.policyId),
    // Keyset pages of a provider's allocations (newest id first), one walk per (status, token).
    index('policy_allocations_provider_status_token_id_idx').on(t.providerId, t.status, t.token, t.id),
    index('policy_allocations_status_idx').on(t.status),
  ],
);
