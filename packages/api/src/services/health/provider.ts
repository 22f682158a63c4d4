import { type Executor, type HealthStatus, queryRows, type Token } from '@bithedge/db';
import { formatDecimal } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';
import { AppError, isAppError } from '../../errors';
import { getFreshMarketData, pricesObservedAt } from '../market';
import {
  type HealthThresholds,
  healthyValueUsd,
  type ProviderHealth,
  providerHealth,
  type TokenCollateral,
} from './model';
import type { HealthTransition } from './monitor';
import { requirementByProviderSql, tierThresholdsSql } from './sql';

/** A timestamp column as the two drivers return it from raw SQL (a Date, or a string). */
const date = (v: Date | string | null) => (v === null ? null : new Date(v));

interface HealthInputs {
  providerId: number;
  balances: TokenCollateral[];
  requirementUsd: bigint;
  /** The sBTC-backed CALLs' part, in sats (see `ProviderHealthInput.requirementSats`). */
  requirementSats: bigint;
  thresholds: HealthThresholds;
  lastCheck: {
    status: HealthStatus;
    ratioBps: bigint | null;
    at: Date | null;
    changedAt: Date | null;
    transition: HealthTransition | null;
  };
}

/**
 * What a provider's health is computed from, in one query: balances per token, the requirement of
 * its live allocations, its tier's thresholds and what the monitor last wrote. With `lock`, the
 * provider's balance rows stay locked (token order, so two callers never deadlock) until the
 * transaction ends: nothing can move its capital or lock more of it meanwhile.
 */
async function loadHealthInputs(
  db: Executor,
  principal: string,
  options: { lock?: boolean } = {},
): Promise<HealthInputs | null> {
  const rows = await queryRows<{
    provider_id: number;
    token: Token | null;
    available: string | null;
    locked: string | null;
    requirement_usd: string | null;
    requirement_sats: string | null;
    warning_bps: number;
    margin_call_bps: number;
    health_status: HealthStatus;
    ratio_bps: string | null;
    last_health_check_at: Date | string | null;
    health_changed_at: Date | string | null;
    health_transition: HealthTransition | null;
  }>(
    db,
    sql`with me as (select * from providers where principal = ${principal}),
        balance as (
          select b.provider_id, b.token, b.available, b.locked from provider_balances b
          where b.provider_id = (select id from me) order by b.token ${options.lock ? sql`for update` : sql``}
        ),
        requirement as (${requirementByProviderSql(sql`and a.provider_id = (select id from me)`)}),
        threshold as (${tierThresholdsSql()})
        select me.id as provider_id, balance.token, balance.available::text, balance.locked::text,
          (select requirement_usd::text from requirement) as requirement_usd,
          (select requirement_sats::text from requirement) as requirement_sats,
          threshold.warning_bps::int as warning_bps, threshold.margin_call_bps::int as margin_call_bps,
          me.health_status, me.collateralization_ratio_bps::text as ratio_bps, me.last_health_check_at,
          me.health_changed_at, me.health_transition
        from me join threshold on threshold.name = me.tier
        left join balance on balance.provider_id = me.id
        order by balance.token`,
  );
  const [first] = rows;
  if (!first) return null;
  return {
    providerId: first.provider_id,
    balances: rows.flatMap((r) =>
      r.token ? [{ token: r.token, available: BigInt(r.available ?? 0), locked: BigInt(r.locked ?? 0) }] : [],
    ),
    requirementUsd: BigInt(first.requirement_usd ?? 0),
    requirementSats: BigInt(first.requirement_sats ?? 0),
    thresholds: { warningThresholdBps: first.warning_bps, marginCallThresholdBps: first.margin_call_bps },
    lastCheck: {
      status: first.health_status,
      ratioBps: first.ratio_bps === null ? null : BigInt(first.ratio_bps),
      at: date(first.last_health_check_at),
      changedAt: date(first.health_changed_at),
      transition: first.health_transition,
    },
  };
}

export interface PriceOptions {
  now: Date;
  maxPriceAgeMs: number;
}

export interface ProviderHealthReport {
  /** Health at the current oracle prices; null while they are stale (no status from stale prices). */
  current: (ProviderHealth & { stxPriceUsd: bigint; btcPriceUsd: bigint; pricedAt: Date }) | null;
  /** Why `current` is null. */
  waiting: string | null;
  thresholds: HealthThresholds;
  /** What the monitor last wrote, and the transition that last changed the status. */
  lastCheck: HealthInputs['lastCheck'];
}

/** `provider.health`: a provider's health now, next to what the monitor last recorded. */
export async function getProviderHealth(
  db: Executor,
  principal: string,
  options: PriceOptions,
): Promise<ProviderHealthReport | null> {
  const inputs = await loadHealthInputs(db, principal);
  if (!inputs) return null;
  const base = { thresholds: inputs.thresholds, lastCheck: inputs.lastCheck };
  try {
    const prices = await getFreshMarketData(db, options.maxPriceAgeMs, options.now);
    const health = providerHealth({
      ...inputs,
      prices: { STX: prices.STX.priceUsd, SBTC: prices.BTC.priceUsd },
    });
    return {
      ...base,
      current: {
        ...health,
        stxPriceUsd: prices.STX.priceUsd,
        btcPriceUsd: prices.BTC.priceUsd,
        pricedAt: pricesObservedAt(prices.BTC, prices.STX),
      },
      waiting: null,
    };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'STALE_MARKET_DATA') throw error;
    return { ...base, current: null, waiting: `waiting for fresh prices: ${error.message}` };
  }
}

/** 10320n → "103.20%". */
const percent = (bps: bigint | null) =>
  bps === null ? 'no exposure' : `${bps / 100n}.${(bps % 100n).toString().padStart(2, '0')}%`;
const TOKEN_DISPLAY: Record<Token, { label: string; decimals: number }> = {
  STX: { label: 'STX', decimals: 6 },
  SBTC: { label: 'sBTC', decimals: 8 },
};
const amountOf = (amount: bigint, token: Token) =>
  `${formatDecimal(amount, TOKEN_DISPLAY[token].decimals)} ${TOKEN_DISPLAY[token].label}`;

/**
 * Inside a withdrawal's transaction: locks the provider's balance rows and refuses an amount that
 * would leave its collateral ratio below the tier's warning threshold at the current prices. With
 * no live allocation nothing is at risk and any available amount may leave; with some, stale
 * prices refuse (fail closed). The refusal names the ratio and the deposit that restores health.
 */
export async function assertWithdrawalKeepsHealth(
  tx: Executor,
  principal: string,
  withdrawal: { token: Token; amount: bigint },
  options: PriceOptions,
): Promise<void> {
  const inputs = await loadHealthInputs(tx, principal, { lock: true });
  if (!inputs || (inputs.requirementUsd === 0n && inputs.requirementSats === 0n)) return;
  const prices = await getFreshMarketData(tx, options.maxPriceAgeMs, options.now);
  const health = providerHealth({
    ...inputs,
    prices: { STX: prices.STX.priceUsd, SBTC: prices.BTC.priceUsd },
  });
  const allowed = health.maxWithdrawable[withdrawal.token];
  const held = inputs.balances.find((b) => b.token === withdrawal.token);
  // Beyond what is available the ledger refuses with INSUFFICIENT_FUNDS, as without exposure.
  if (withdrawal.amount <= allowed || withdrawal.amount > (held?.available ?? 0n)) return;
  const restore = health.depositToRestore[withdrawal.token];
  throw new AppError(
    'HEALTH_BELOW_THRESHOLD',
    health.status === 'healthy'
      ? `Withdrawing ${amountOf(withdrawal.amount, withdrawal.token)} would take your collateral ratio (${percent(health.ratioBps)}) below your tier's warning threshold (${percent(BigInt(inputs.thresholds.warningThresholdBps))}); at most ${amountOf(allowed, withdrawal.token)} can leave now`
      : `Your collateral ratio is ${percent(health.ratioBps)} (${health.status === 'margin_call' ? 'margin call' : 'warning'}), below your tier's warning threshold of ${percent(BigInt(inputs.thresholds.warningThresholdBps))}: withdrawals are refused until a deposit of ${amountOf(restore, withdrawal.token)} restores it`,
    {
      status: health.status,
      ratioBps: health.ratioBps?.toString() ?? null,
      maxWithdrawable: allowed.toString(),
      depositToRestore: restore.toString(),
      token: withdrawal.token,
    },
  );
}

export interface ProviderAtRisk {
  principal: string;
  tier: string;
  status: HealthStatus;
  ratioBps: bigint | null;
  requirementUsd: bigint;
  collateralUsd: bigint;
  /** The tier's thresholds the status was judged against. */
  thresholds: HealthThresholds;
  /**
   * Collateral value (USD, 8 decimals) missing to be Healthy again at the last check's prices:
   * the warning threshold's share of the requirement (`healthyValueUsd`) minus what it holds.
   */
  shortfallUsd: bigint;
  lastCheckAt: Date | null;
  changedAt: Date | null;
}

/**
 * For admins: every provider the monitor last found in warning or margin call, worst ratio first,
 * with what it lacks to be healthy under its tier's thresholds today.
 */
export async function listProvidersAtRisk(db: Executor): Promise<ProviderAtRisk[]> {
  const rows = await queryRows<{
    principal: string;
    tier: string;
    health_status: HealthStatus;
    ratio_bps: string | null;
    requirement_usd: string | null;
    collateral_usd: string | null;
    warning_bps: number;
    margin_call_bps: number;
    last_health_check_at: Date | string | null;
    health_changed_at: Date | string | null;
  }>(
    db,
    sql`with threshold as (${tierThresholdsSql()})
        select principal, tier::text as tier, health_status, collateralization_ratio_bps::text as ratio_bps,
          health_requirement_usd::text as requirement_usd, health_collateral_usd::text as collateral_usd,
          threshold.warning_bps::int as warning_bps, threshold.margin_call_bps::int as margin_call_bps,
          last_health_check_at, health_changed_at
        from providers join threshold on threshold.name = providers.tier
        where health_status <> 'healthy'
        order by collateralization_ratio_bps nulls last, principal
        limit 500`,
  );
  return rows.map((r) => {
    const requirementUsd = BigInt(r.requirement_usd ?? 0);
    const collateralUsd = BigInt(r.collateral_usd ?? 0);
    const thresholds = { warningThresholdBps: r.warning_bps, marginCallThresholdBps: r.margin_call_bps };
    const short = healthyValueUsd(requirementUsd, thresholds) - collateralUsd;
    return {
      principal: r.principal,
      tier: r.tier,
      status: r.health_status,
      ratioBps: r.ratio_bps === null ? null : BigInt(r.ratio_bps),
      requirementUsd,
      collateralUsd,
      thresholds,
      shortfallUsd: short > 0n ? short : 0n,
      lastCheckAt: date(r.last_health_check_at),
      changedAt: date(r.health_changed_at),
    };
  });
}
