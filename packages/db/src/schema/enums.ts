import { POLICY_TYPES, TIERS } from '@bithedge/pricing';
import { pgEnum } from 'drizzle-orm/pg-core';

/** Collateral tokens the vault holds. STX amounts are micro-STX, sBTC amounts are sats. */
export const tokenEnum = pgEnum('token', ['STX', 'SBTC']);
export const tierNameEnum = pgEnum('tier_name', TIERS);
export const healthStatusEnum = pgEnum('health_status', ['healthy', 'warning', 'margin_call']);

export type Token = (typeof tokenEnum.enumValues)[number];
export type TierName = (typeof tierNameEnum.enumValues)[number];
export type HealthStatus = (typeof healthStatusEnum.enumValues)[number];

export const TOKENS: readonly Token[] = tokenEnum.enumValues;
export const TIER_NAMES: readonly TierName[] = tierNameEnum.enumValues;

export const ledgerEntryTypeEnum = pgEnum('ledger_entry_type', [
  'DEPOSIT',
  'WITHDRAWAL_REQUEST',
  'WITHDRAWAL_CONFIRM',
  'WITHDRAWAL_FAIL',
  'LOCK',
  'RELEASE',
  'SETTLEMENT_DEBIT',
  'PREMIUM_PENDING',
  'PREMIUM_EARNED',
  'PREMIUM_CLAIM',
  // A chain deposit whose block was rolled back (a re-org): the deposit's compensating entry.
  'DEPOSIT_REVERSAL',
  // Any other entry a rolled-back chain event had caused, undone.
  'CHAIN_REVERSAL',
  // A pending withdrawal the provider cancelled: pending → available. (WITHDRAWAL_FAIL stays for
  // requests that failed, e.g. resolveWithdrawal's 'failed' outcome.)
  'WITHDRAWAL_CANCEL',
  // The part of an on-chain withdrawal the ledger could not cover from pending + available (the
  // ledger had drifted from the vault): recorded, with zero balance deltas, and alerted — ingestion
  // never refuses an on-chain fact.
  'WITHDRAWAL_DEFICIT',
]);
export const ledgerStatusEnum = pgEnum('ledger_status', ['PENDING', 'CONFIRMED', 'FAILED']);
export const policyTypeEnum = pgEnum('policy_type', POLICY_TYPES);
export const policyStatusEnum = pgEnum('policy_status', [
  'PENDING',
  'ACTIVE',
  'EXPIRED',
  'EXERCISED',
  'SETTLED',
  'CANCELLED',
]);
export const allocationStatusEnum = pgEnum('allocation_status', ['LOCKED', 'RELEASED', 'SETTLED']);
export const distributionStatusEnum = pgEnum('distribution_status', ['PENDING', 'DISTRIBUTED']);
// COMMITTED: a provider quote whose deposit was ingested; DECLINED: the owner turned it down.
export const quoteStatusEnum = pgEnum('quote_status', [
  'ACTIVE',
  'EXPIRED',
  'PURCHASED',
  'COMMITTED',
  'DECLINED',
]);
/** A buyer's policy quote or a liquidity provider's yield quote. */
export const quoteTypeEnum = pgEnum('quote_type', ['BUYER', 'PROVIDER']);
export type QuoteType = (typeof quoteTypeEnum.enumValues)[number];
// QUARANTINED: stored but never applied (a value beyond what the ledger's columns hold); alerted.
export const chainEventStatusEnum = pgEnum('chain_event_status', ['APPLIED', 'ROLLED_BACK', 'QUARANTINED']);
export const chainBlockStatusEnum = pgEnum('chain_block_status', ['APPLIED', 'ROLLED_BACK']);

export type LedgerEntryType = (typeof ledgerEntryTypeEnum.enumValues)[number];
export type PolicyType = (typeof policyTypeEnum.enumValues)[number];
