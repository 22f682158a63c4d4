import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, serial, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { amount, createdAt, updatedAt } from './columns';
import { tierNameEnum, tokenEnum } from './enums';

/**
 * Risk tiers, one row per tier × token: the ACTIVE values every reader uses (allocation, health,
 * pool metrics, the vault's caps). An admin changes them only by publishing a `tier_versions`
 * row, which rewrites this row in the same transaction, so readers never need to know about
 * versions and the history is kept beside it. Ratios and thresholds are basis points
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

/**
 * Every published configuration of a tier × token (issue 18), kept for audit: who published it and
 * when. Exactly one version per tier × token is active (a partial unique index), and its values
 * are the ones copied into `tiers`. Same units and constraints as `tiers`.
 */
export const tierVersions = pgTable(
  'tier_versions',
  {
    id: serial().primaryKey(),
    name: tierNameEnum().notNull(),
    token: tokenEnum().notNull(),
    version: integer().notNull(),
    capacityLimit: amount(),
    collateralRatioBps: integer().notNull(),
    premiumMultiplierBps: integer().notNull(),
    maxExposureBps: integer().notNull(),
    warningThresholdBps: integer().notNull(),
    marginCallThresholdBps: integer().notNull(),
    isActive: boolean().notNull().default(false),
    /** The admin's principal; 'seed' for the starting configuration. */
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.name, t.token, t.version),
    uniqueIndex('tier_versions_one_active_idx').on(t.name, t.token).where(sql`${t.isActive}`),
    check(
      'tier_versions_ratios_positive',
      sql`${t.collateralRatioBps} > 0 AND ${t.premiumMultiplierBps} > 0`,
    ),
    check('tier_versions_exposure_range', sql`${t.maxExposureBps} BETWEEN 0 AND 10000`),
    check('tier_versions_thresholds_ordered', sql`${t.marginCallThresholdBps} < ${t.warningThresholdBps}`),
    check('tier_versions_capacity_nonnegative', sql`${t.capacityLimit} >= 0`),
  ],
);
