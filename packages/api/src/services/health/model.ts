import type { HealthStatus, Token } from '@bithedge/db';
import { divide, MICRO_STX_PER_STX, minAmount, SATS_PER_BTC } from '@bithedge/pricing';

/**
 * Collateral health of one provider (issue #15), in exact integers:
 *
 * - collateral value = Σ over tokens of (available + locked) × the token's USD price, rounded
 *   down (pending withdrawals are leaving, so they back nothing);
 * - requirement = Σ over live allocations of the provider's share of the policy's maximum payout
 *   in USD (`allocationRequirementUsd`), rounded up; for sBTC-backed CALLs, whose payout is
 *   floor((S − K) × amount ÷ S) sats — never above the amount — the share of the amount in sats
 *   (`allocationRequirementSats`), valued at the BTC price (`sbtcRequirementUsd`): at most the
 *   allocation itself valued at that price, so such a backer's ratio is at least its collateral ÷
 *   amount (the tier's collateral ratio) whatever BTC does;
 * - ratio = value ÷ requirement in basis points, rounded down; no requirement: no ratio.
 *
 * Every rounding leans toward the pool: value down, requirement up, so a provider is never shown
 * healthier than it is.
 */

/** USD (8 decimals) per whole token, from the oracle. sBTC is priced as BTC. */
export type TokenPricesUsd = Record<Token, bigint>;

export interface HealthThresholds {
  /** At or above: healthy; below: warning. */
  warningThresholdBps: number;
  /** At or above (and below warning): warning; below: margin call. */
  marginCallThresholdBps: number;
}

export interface TokenCollateral {
  token: Token;
  available: bigint;
  locked: bigint;
}

/** Base units in one whole token. */
export const TOKEN_UNITS: Record<Token, bigint> = { STX: MICRO_STX_PER_STX, SBTC: SATS_PER_BTC };

const BPS = 10_000n;

/** The USD value (8 decimals, rounded down) of `amount` base units of `token`. */
export function tokenValueUsd(token: Token, amount: bigint, prices: TokenPricesUsd): bigint {
  return divide(amount * prices[token], TOKEN_UNITS[token], 'floor');
}

/** What the provider's capital (available + locked, never pending withdrawals) is worth now. */
export function collateralValueUsd(balances: readonly TokenCollateral[], prices: TokenPricesUsd): bigint {
  return balances.reduce((sum, b) => sum + tokenValueUsd(b.token, b.available + b.locked, prices), 0n);
}

/**
 * A policy's maximum payout in USD (8 decimals): the value it protects, strike × amount. The
 * registry also caps a payout at the policy's collateral, so this is the most the backers can owe.
 */
export function maxPayoutUsd(policy: { strikeUsd: bigint; amountSats: bigint }): bigint {
  return divide(policy.strikeUsd * policy.amountSats, SATS_PER_BTC, 'ceil');
}

/**
 * One backer's share of a policy's maximum payout: its allocation's part of the policy's
 * collateral, rounded up (so the shares of all backers cover the whole payout).
 */
export function allocationRequirementUsd(
  allocationAmount: bigint,
  policy: { strikeUsd: bigint; amountSats: bigint; collateralAmount: bigint },
): bigint {
  if (policy.collateralAmount <= 0n) return 0n;
  return divide(
    allocationAmount * policy.strikeUsd * policy.amountSats,
    policy.collateralAmount * SATS_PER_BTC,
    'ceil',
  );
}

/**
 * One backer's share of an sBTC-backed CALL's most it can pay (its amount, in sats): the
 * allocation's part of the policy's collateral times the amount, rounded up.
 */
export function allocationRequirementSats(
  allocationAmount: bigint,
  policy: { amountSats: bigint; collateralAmount: bigint },
): bigint {
  if (policy.collateralAmount <= 0n) return 0n;
  return divide(allocationAmount * policy.amountSats, policy.collateralAmount, 'ceil');
}

/** Sats owed at most to sBTC-backed CALLs, valued at the BTC price (USD, 8 decimals), rounded up. */
export function sbtcRequirementUsd(sats: bigint, btcPriceUsd: bigint): bigint {
  return divide(sats * btcPriceUsd, SATS_PER_BTC, 'ceil');
}

/** value ÷ requirement in bps, rounded down; null when nothing is required (no exposure). */
export function collateralRatioBps(valueUsd: bigint, requirementUsd: bigint): bigint | null {
  if (requirementUsd <= 0n) return null;
  return divide(valueUsd * BPS, requirementUsd, 'floor');
}

/** The status a ratio gives under a tier's thresholds; no exposure is healthy. */
export function healthStatus(ratioBps: bigint | null, thresholds: HealthThresholds): HealthStatus {
  if (ratioBps === null || ratioBps >= BigInt(thresholds.warningThresholdBps)) return 'healthy';
  if (ratioBps >= BigInt(thresholds.marginCallThresholdBps)) return 'warning';
  return 'margin_call';
}

/** The least collateral value (USD, 8 decimals) that keeps the ratio at the warning threshold. */
export function healthyValueUsd(requirementUsd: bigint, thresholds: HealthThresholds): bigint {
  return divide(requirementUsd * BigInt(thresholds.warningThresholdBps), BPS, 'ceil');
}

export interface ProviderHealthInput {
  balances: readonly TokenCollateral[];
  /** Σ `allocationRequirementUsd` over the allocations other than sBTC-backed CALLs. */
  requirementUsd: bigint;
  /** Σ `allocationRequirementSats` over the sBTC-backed (CALL) allocations; none when absent. */
  requirementSats?: bigint | undefined;
  prices: TokenPricesUsd;
  thresholds: HealthThresholds;
}

export interface ProviderHealth {
  status: HealthStatus;
  ratioBps: bigint | null;
  valueUsd: bigint;
  requirementUsd: bigint;
  /** Per token: the most that may leave while the ratio stays at or above the warning threshold. */
  maxWithdrawable: Record<Token, bigint>;
  /** Per token: the least deposit (base units) that brings the ratio back to Healthy; 0 if it is. */
  depositToRestore: Record<Token, bigint>;
}

/**
 * The least amount of `token` (base units, available + locked) the provider must hold for its
 * value to reach `healthyValueUsd`, given its other tokens; 0 when those suffice. Exact: holding
 * h, the token's value is floor(h × price ÷ unit), which is ≥ n exactly when h × price ≥ n × unit.
 */
/** The whole requirement in USD: the STX-backed part and the sBTC-backed part at the BTC price. */
export function totalRequirementUsd(input: ProviderHealthInput): bigint {
  return input.requirementUsd + sbtcRequirementUsd(input.requirementSats ?? 0n, input.prices.SBTC);
}

function healthyHolding(token: Token, input: ProviderHealthInput): bigint {
  const othersUsd = collateralValueUsd(
    input.balances.filter((b) => b.token !== token),
    input.prices,
  );
  const neededUsd = healthyValueUsd(totalRequirementUsd(input), input.thresholds) - othersUsd;
  if (neededUsd <= 0n) return 0n;
  return divide(neededUsd * TOKEN_UNITS[token], input.prices[token], 'ceil');
}

function heldOf(token: Token, input: ProviderHealthInput): TokenCollateral {
  return input.balances.find((b) => b.token === token) ?? { token, available: 0n, locked: 0n };
}

/**
 * The most of `token` that can leave: never more than available, and never so much that the
 * ratio falls below the warning threshold.
 */
export function maxWithdrawable(token: Token, input: ProviderHealthInput): bigint {
  const own = heldOf(token, input);
  if (own.available <= 0n) return 0n;
  if (totalRequirementUsd(input) <= 0n) return own.available;
  const free = own.available + own.locked - healthyHolding(token, input);
  if (free <= 0n) return 0n;
  return minAmount(free, own.available);
}

/** The least deposit of `token` (base units) that makes the provider healthy again; 0 if it is. */
export function depositToRestore(token: Token, input: ProviderHealthInput): bigint {
  if (totalRequirementUsd(input) <= 0n) return 0n;
  const own = heldOf(token, input);
  const short = healthyHolding(token, input) - own.available - own.locked;
  return short > 0n ? short : 0n;
}

export function providerHealth(input: ProviderHealthInput): ProviderHealth {
  const valueUsd = collateralValueUsd(input.balances, input.prices);
  const requirementUsd = totalRequirementUsd(input);
  const ratioBps = collateralRatioBps(valueUsd, requirementUsd);
  return {
    status: healthStatus(ratioBps, input.thresholds),
    ratioBps,
    valueUsd,
    requirementUsd,
    maxWithdrawable: { STX: maxWithdrawable('STX', input), SBTC: maxWithdrawable('SBTC', input) },
    depositToRestore: { STX: depositToRestore('STX', input), SBTC: depositToRestore('SBTC', input) },
  };
}
