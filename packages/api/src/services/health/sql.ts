import { type SQL, sql } from 'drizzle-orm';
import { TOKEN_UNITS, type TokenPricesUsd } from './model';

/**
 * The model of `model.ts` in SQL, for set-based passes over every provider. Each fragment mirrors
 * one model function, with the same rounding (value down, requirement up, ratio down); the monitor
 * tests compare the two on the same data.
 */

/** An sBTC-backed CALL (anything else — an STX-backed policy — is valued at its strike). */
const SBTC_CALL = sql`(p.token = 'SBTC' and p.type = 'CALL')`;

/**
 * Per provider, over its LOCKED allocations: requirement_usd, Σ of its share of each STX-backed
 * policy's maximum payout in USD, ceil(amount × strike × sats ÷ (policy collateral × 10^8)) —
 * `allocationRequirementUsd`; requirement_sats, Σ of its share of each sBTC-backed CALL's amount,
 * ceil(amount × sats ÷ policy collateral) — `allocationRequirementSats` (valued at the BTC price by
 * the caller, `sbtcRequirementUsd`).
 */
export function requirementByProviderSql(where: SQL = sql``): SQL {
  return sql`select a.provider_id,
      coalesce(sum(ceil(a.amount::numeric * p.strike_usd * p.amount_sats / (p.collateral_amount::numeric * 100000000)))
        filter (where not ${SBTC_CALL}), 0) as requirement_usd,
      coalesce(sum(ceil(a.amount::numeric * p.amount_sats / p.collateral_amount::numeric))
        filter (where ${SBTC_CALL}), 0) as requirement_sats
    from policy_allocations a join policies p on p.id = a.policy_id
    where a.status = 'LOCKED' and p.collateral_amount > 0 ${where}
    group by a.provider_id`;
}

/**
 * A tier's thresholds: the strictest over its tokens (a provider's health spans both). `source`
 * replaces the `tiers` table by a relation of the same columns: the admin's tier preview passes
 * the table with a draft's thresholds in place of the active ones (`draftTierThresholdsSql`).
 */
export function tierThresholdsSql(source: SQL = sql`tiers`): SQL {
  return sql`select name, max(warning_threshold_bps) as warning_bps, max(margin_call_threshold_bps) as margin_call_bps
    from ${source} as tier_rows group by name`;
}

/** The `tiers` table with one tier × token's thresholds replaced by a draft's. */
export function draftTierThresholdsSql(draft: {
  tier: string;
  token: string;
  warningThresholdBps: number;
  marginCallThresholdBps: number;
}): SQL {
  const target = sql`name = ${draft.tier}::tier_name and token = ${draft.token}::token`;
  return sql`(select name, token,
      case when ${target} then ${draft.warningThresholdBps}::int else warning_threshold_bps end as warning_threshold_bps,
      case when ${target} then ${draft.marginCallThresholdBps}::int else margin_call_threshold_bps end as margin_call_threshold_bps
    from tiers)`;
}

/**
 * CTEs (without the leading `with`) ending in `status`: one row per provider with its tier,
 * value_usd, requirement_usd, ratio_bps (null: no exposure) and health status at `prices`, next to
 * the status last written (previous_status), so a pass sees its transitions without re-reading
 * providers. `tierSource` stands for the `tiers` table (see `tierThresholdsSql`).
 */
export function healthStatusCtes(prices: TokenPricesUsd, tierSource?: SQL): SQL {
  return sql`price(token, price_usd, unit) as (
      values ('STX'::token, ${prices.STX}::numeric, ${TOKEN_UNITS.STX}::numeric),
             ('SBTC'::token, ${prices.SBTC}::numeric, ${TOKEN_UNITS.SBTC}::numeric)
    ),
    collateral as (
      select b.provider_id, sum(floor((b.available + b.locked)::numeric * price.price_usd / price.unit)) as value_usd
      from provider_balances b join price on price.token = b.token
      group by b.provider_id
    ),
    requirement as (
      select r.provider_id,
        r.requirement_usd + ceil(r.requirement_sats * ${prices.SBTC}::numeric / ${TOKEN_UNITS.SBTC}::numeric) as requirement_usd
      from (${requirementByProviderSql()}) r
    ),
    threshold as (${tierThresholdsSql(tierSource)}),
    ratio as (
      select pr.id, pr.tier, pr.health_status as previous_status,
             coalesce(c.value_usd, 0) as value_usd,
             coalesce(r.requirement_usd, 0) as requirement_usd,
             case when coalesce(r.requirement_usd, 0) = 0 then null
                  else floor(coalesce(c.value_usd, 0) * 10000 / r.requirement_usd) end as ratio_bps,
             t.warning_bps, t.margin_call_bps
      from providers pr
      join threshold t on t.name = pr.tier
      left join collateral c on c.provider_id = pr.id
      left join requirement r on r.provider_id = pr.id
    ),
    status as (
      select ratio.*,
             (case when ratio_bps is null or ratio_bps >= warning_bps then 'healthy'
                   when ratio_bps >= margin_call_bps then 'warning'
                   else 'margin_call' end)::health_status as status
      from ratio
    )`;
}
