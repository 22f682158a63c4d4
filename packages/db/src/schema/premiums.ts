import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { amount, createdAt } from './columns';
import { distributionStatusEnum, tokenEnum } from './enums';
import { policies } from './policies';
import { providers } from './providers';

/** The premium of one policy, to be shared among the providers that backed it. */
export const premiumDistributions = pgTable(
  'premium_distributions',
  {
    id: serial().primaryKey(),
    policyId: integer()
      .notNull()
      .unique()
      .references(() => policies.id, { onDelete: 'restrict' }),
    token: tokenEnum().notNull(),
    totalAmount: amount(),
    status: distributionStatusEnum().notNull().default('PENDING'),
    distributedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [check('premium_distributions_nonnegative', sql`${t.totalAmount} >= 0`)],
);

/**
 * One provider's share of a policy's premium. It becomes earned (DISTRIBUTED) once the chain's
 * Bitcoin (burn) height reaches `due_burn_height`; `due_at` is only the time that was expected
 * when the policy settled (for display). A claim that took it records its ledger key in
 * `claim_key`, so a claim names the policies it paid.
 */
export const providerPremiumDistributions = pgTable(
  'provider_premium_distributions',
  {
    id: serial().primaryKey(),
    distributionId: integer()
      .notNull()
      .references(() => premiumDistributions.id, { onDelete: 'restrict' }),
    policyId: integer()
      .notNull()
      .references(() => policies.id, { onDelete: 'restrict' }),
    providerId: integer()
      .notNull()
      .references(() => providers.id, { onDelete: 'restrict' }),
    token: tokenEnum().notNull(),
    amount: amount(),
    status: distributionStatusEnum().notNull().default('PENDING'),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    /** The burn height from which the share is earned: the policy's expiry + the delay in blocks. */
    dueBurnHeight: integer().notNull(),
    distributedAt: timestamp({ withTimezone: true }),
    /** The idempotency key of the PREMIUM_CLAIM ledger entry that claimed this share. */
    claimKey: text(),
    claimedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.policyId, t.providerId),
    check('provider_premium_distributions_nonnegative', sql`${t.amount} >= 0`),
    index('provider_premium_distributions_due_height_idx').on(t.status, t.dueBurnHeight),
    index('provider_premium_distributions_provider_idx').on(t.providerId, t.status),
    index('provider_premium_distributions_claim_idx').on(t.claimKey),
  ],
);
