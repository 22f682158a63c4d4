import { sql } from 'drizzle-orm';
import { check, integer, pgTable, serial, unique } from 'drizzle-orm/pg-core';
import { amount, createdAt, updatedAt } from './columns';
import { tierNameEnum, tokenEnum } from './enums';

/**
 * Risk tiers, one row per tier × token. Ratios and thresholds are basis points
 * (10_000 = 100%); the capacity limit is in the token's base units.
 */
export const tiers = pgTable(
  'tiers',
  {
    id: serial().primaryKey(),
    name: tierNameEnum().notNull(),
    token: tokenEnum().notNull(),
    capacityLimit: amount(),
    /** Collateral a provider must hold per unit of exposure it backs. */
    collateralRatioBps: integer().notNull(),
    /** Scales the premium the tier's providers earn relative to the base model. */
    premiumMultiplierBps: integer().notNull(),
    /** Highest share of the tier's capital that may be locked behind policies. */
    maxExposureBps: integer().notNull(),
    /** Collateralization below this turns a provider's health to Warning. */
    warningThresholdBps: integer().notNull(),
    /** Collateralization below this turns a provider's health to MarginCall. */
    marginCallThresholdBps: integer().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.name, t.token),
    check('tiers_ratios_positive', sql`${t.collateralRatioBps} > 0 AND ${t.premiumMultiplierBps} > 0`),
    check('tiers_exposure_range', sql`${t.maxExposureBps} BETWEEN 0 AND 10000`),
    check('tiers_thresholds_ordered', sql`${t.marginCallThresholdBps} <= ${t.warningThresholdBps}`),
    check('tiers_capacity_nonnegative', sql`${t.capacityLimit} >= 0`),
  ],
);
