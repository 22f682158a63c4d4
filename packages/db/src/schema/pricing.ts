import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { policyTypeEnum, quoteStatusEnum, quoteTypeEnum, tierNameEnum, tokenEnum } from './enums';

/**
 * Versioned risk parameters of the premium model (model coefficients, not money, hence floats).
 * A partial unique index keeps exactly one active version per asset × policy type.
 */
export const riskParameters = pgTable(
  'risk_parameters',
  {
    id: serial().primaryKey(),
    asset: text().notNull().default('BTC'),
    policyType: policyTypeEnum().notNull(),
    version: integer().notNull(),
    baseRate: doublePrecision().notNull(),
    volatilityMultiplier: doublePrecision().notNull(),
    durationFactor: doublePrecision().notNull(),
    coverageFactor: doublePrecision().notNull(),
    tierMultiplierConservative: doublePrecision().notNull(),
    tierMultiplierBalanced: doublePrecision().notNull(),
    tierMultiplierAggressive: doublePrecision().notNull(),
    liquidityAdjustment: doublePrecision().notNull().default(0),
    marketTrendAdjustment: doublePrecision().notNull().default(0),
    isActive: boolean().notNull().default(false),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.asset, t.policyType, t.version),
    uniqueIndex('risk_parameters_one_active_idx').on(t.asset, t.policyType).where(sql`${t.isActive}`),
    check('risk_parameters_positive', sql`${t.volatilityMultiplier} > 0 AND ${t.baseRate} >= 0`),
  ],
);

/** Price (USD, 8 decimals) and volatility snapshots with their source. */
export const marketData = pgTable(
  'market_data',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    asset: text().notNull(),
    priceUsd: bigint({ mode: 'bigint' }).notNull(),
    /** Annualised volatility used for quoting at that time, when known. */
    volatility: doublePrecision(),
    source: text().notNull(),
    observedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('market_data_price_positive', sql`${t.priceUsd} > 0`),
    index('market_data_asset_observed_idx').on(t.asset, t.observedAt.desc()),
  ],
);

/** A log of premium quotes computed (sampled), with inputs and results. */
export const premiumCalculations = pgTable(
  'premium_calculations',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    principal: text(),
    params: jsonb().notNull(),
    result: jsonb().notNull(),
    premiumUsd: bigint({ mode: 'bigint' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('premium_calculations_created_idx').on(t.createdAt)],
);

/** A log of provider yield estimates computed. */
export const yieldCalculations = pgTable(
  'yield_calculations',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    principal: text(),
    params: jsonb().notNull(),
    result: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('yield_calculations_created_idx').on(t.createdAt)],
);

/**
 * A saved quote: snapshots of the parameters, the result, the risk parameters and the market
 * data it was computed from, valid for 24 h. The policy bought from it points back via
 * policies.quote_id. A PROVIDER quote is a yield estimate for a deposit of `token` under `tier`
 * (its policy type is PUT, the policies provider capital backs, priced with the PUT risk
 * parameters; `premium_usd` is its estimated premium income); it becomes COMMITTED when the
 * owner's deposit in that token and tier is ingested (`committed_tx_id`).
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid().primaryKey().defaultRandom(),
    owner: text().notNull(),
    quoteType: quoteTypeEnum().notNull().default('BUYER'),
    policyType: policyTypeEnum().notNull(),
    /** Provider quotes only: the deposit's token and tier. */
    token: tokenEnum(),
    tier: tierNameEnum(),
    params: jsonb().notNull(),
    result: jsonb().notNull(),
    riskParams: jsonb().notNull(),
    marketData: jsonb().notNull(),
    premiumUsd: bigint({ mode: 'bigint' }).notNull(),
    status: quoteStatusEnum().notNull().default('ACTIVE'),
    name: text(),
    notes: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    purchasedAt: timestamp({ withTimezone: true }),
    /** The deposit that committed a provider quote, and when it was ingested. */
    committedTxId: text(),
    committedAt: timestamp({ withTimezone: true }),
    declinedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('quotes_owner_status_created_idx').on(t.owner, t.status, t.createdAt),
    index('quotes_status_expires_idx').on(t.status, t.expiresAt),
    check(
      'quotes_provider_terms',
      sql`(${t.quoteType} = 'PROVIDER') = (${t.token} IS NOT NULL AND ${t.tier} IS NOT NULL)`,
    ),
  ],
);
