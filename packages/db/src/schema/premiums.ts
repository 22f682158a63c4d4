import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, timestamp, unique } from 'drizzle-orm/pg-core';
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

/** One provider's share of a policy's premium; `due_at` is when it is distributed automatically. */
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
    distributedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.policyId, t.providerId),
    check('provider_premium_distributions_nonnegative', sql`${t.amount} >= 0`),
    index('provider_premium_distributions_due_idx').on(t.status, t.dueAt),
    index('provider_premium_distributions_provider_idx').on(t.providerId, t.status),
  ],
);
