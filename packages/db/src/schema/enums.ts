import { pgEnum } from 'drizzle-orm/pg-core';

/** Collateral tokens the vault holds. STX amounts are micro-STX, sBTC amounts are sats. */
export const tokenEnum = pgEnum('token', ['STX', 'SBTC']);
export const tierNameEnum = pgEnum('tier_name', ['conservative', 'balanced', 'aggressive']);
export const healthStatusEnum = pgEnum('health_status', ['healthy', 'warning', 'margin_call']);

export type Token = (typeof tokenEnum.enumValues)[number];
export type TierName = (typeof tierNameEnum.enumValues)[number];
export type HealthStatus = (typeof healthStatusEnum.enumValues)[number];

export const TOKENS: readonly Token[] = tokenEnum.enumValues;
export const TIER_NAMES: readonly TierName[] = tierNameEnum.enumValues;
