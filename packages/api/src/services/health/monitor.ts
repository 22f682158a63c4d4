import { type AdminAlertKind, type Executor, queryRows } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { isAppError } from '../../errors';
import { getFreshMarketData, type MarketSnapshot } from '../market';
import { healthStatusCtes } from './sql';

/** The admin alert a provider in margin call raises (resolved when it leaves margin call). */
export const MARGIN_CALL_ALERT: AdminAlertKind = 'margin-call';

/**
 * What a status transition records (providers.health_transition, and the notification's data):
 * the figures before and after, so the provider can see what moved — a price, or its requirement
 * (a policy backed or settled), or its capital (a deposit or withdrawal).
 */
export interface HealthTransition {
  from: string;
  to: string;
  ratioBpsBefore: string | null;
  ratioBpsAfter: string | null;
  requirementUsdBefore: string | null;
  requirementUsdAfter: string;
  collateralUsdBefore: string | null;
  collateralUsdAfter: string;
  stxPriceUsdBefore: string | null;
  stxPriceUsdAfter: string;
  btcPriceUsdBefore: string | null;
  btcPriceUsdAfter: string;
}

export type HealthCheckResult =
  | { checked: number; transitions: number; notified: number }
  | { skipped: string; checked: 0 };

/**
 * The `monitor-health` step: every provider's collateral health from the current prices, in one
 * statement, then one notification per status transition. Prices older than `maxPriceAgeMs` never
 * produce a status: the step waits (returns `skipped`) and statuses keep their last good value.
 */
export async function monitorHealth(
  db: Executor,
  options: { now: Date; maxPriceAgeMs: number },
): Promise<HealthCheckResult> {
  let prices: MarketSnapshot;
  try {
    prices = await getFreshMarketData(db, options.maxPriceAgeMs, options.now);
  } catch (error) {
    if (isAppError(error) && error.code === 'STALE_MARKET_DATA')
      return { skipped: `waiting for fresh prices: ${error.message}`, checked: 0 };
    throw error;
  }
  const { checked, transitions } = await writeHealthStatuses(db, prices, options.now);
  // Its own statement, after the statuses are written: a failure here never holds a status back,
  // and a transition left unnotified is picked up by the next pass.
  const notified = await notifyHealthTransitions(db);
  return { checked, transitions, notified };
}

/**
 * One UPDATE for all providers (set-based, so 10,000 providers cost one round trip):
 * value = Σ floor((available + locked) × price ÷ unit) per token; requirement = Σ over LOCKED
 * allocations of ceil(amount × strike × sats ÷ (policy collateral × 10^8)); ratio = floor(value ×
 * 10^4 ÷ requirement); thresholds are the tier's (the strictest over its tokens). Mirrors
 * `model.ts`, which the tests compare it with.
 *
 * The figures before come from the row being replaced (in SET, `p.` is the old row), the status
 * before from `status` itself: no second scan of providers. Only the two counts come back, not a
 * row per provider. Every row is written (last_health_check_at moves each pass); providers keeps
 * free room on its pages (fillfactor, migration 0010) so these are HOT updates, which touch no index.
 */
async function writeHealthStatuses(
  db: Executor,
  prices: MarketSnapshot,
  now: Date,
): Promise<{ checked: number; transitions: number }> {
  const stx = prices.STX.priceUsd;
  const btc = prices.BTC.priceUsd;
  // postgres.js binds a Date in raw SQL as a string only when told the type.
  const at = now.toISOString();
  const [counts] = await queryRows<{ checked: number | string; transitions: number | string }>(
    db,
    sql`
    with ${healthStatusCtes({ STX: stx, SBTC: btc })},
    written as (
      update providers p set
        health_status = s.status,
        collateralization_ratio_bps = s.ratio_bps::bigint,
        health_requirement_usd = s.requirement_usd::bigint,
        health_collateral_usd = s.value_usd::bigint,
        health_stx_price_usd = ${stx},
        health_btc_price_usd = ${btc},
        last_health_check_at = ${at}::timestamptz,
        health_changed_at = case when s.previous_status <> s.status then ${at}::timestamptz else p.health_changed_at end,
        health_transition = case when s.previous_status <> s.status then jsonb_build_object(
          'from', s.previous_status, 'to', s.status,
          'ratioBpsBefore', p.collateralization_ratio_bps::text, 'ratioBpsAfter', s.ratio_bps::bigint::text,
          'requirementUsdBefore', p.health_requirement_usd::text, 'requirementUsdAfter', s.requirement_usd::bigint::text,
          'collateralUsdBefore', p.health_collateral_usd::text, 'collateralUsdAfter', s.value_usd::bigint::text,
          'stxPriceUsdBefore', p.health_stx_price_usd::text, 'stxPriceUsdAfter', ${stx}::text,
          'btcPriceUsdBefore', p.health_btc_price_usd::text, 'btcPriceUsdAfter', ${btc}::text
        ) else p.health_transition end
      from status s
      where s.id = p.id
      returning s.previous_status <> s.status as transition
    )
    select count(*)::int as checked, count(*) filter (where transition)::int as transitions from written`,
  );
  return { checked: Number(counts!.checked), transitions: Number(counts!.transitions) };
}

/**
 * Writes one notification per transition not yet notified (status ≠ notified status), and an admin
 * alert per margin call (resolved when the provider leaves margin call), then marks them notified — one statement, so all or nothing, and the
 * dedupe key makes a retry after an unknown outcome a no-op. A transition that reverted before it
 * was notified (warning and back within one pass) is not announced.
 */
export async function notifyHealthTransitions(db: Executor): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`
    with pending as (
      select id, principal, health_status, health_changed_at, health_transition, collateralization_ratio_bps
      from providers
      where health_status <> health_notified_status
      for update
    ),
    notified as (
      insert into notifications (principal, kind, title, body, data, dedupe_key)
      select principal,
             'HEALTH_' || upper(health_status::text),
             case health_status
               when 'healthy' then 'Collateral health restored'
               when 'warning' then 'Collateral health: Warning'
               else 'Margin call: withdrawals are paused' end,
             case health_status
               when 'healthy' then 'Your collateral is back above your tier''s warning threshold.'
               when 'warning' then 'Your collateral ratio fell to ' || to_char(collateralization_ratio_bps / 100.0, 'FM999999990.00') || '%, below your tier''s warning threshold. A deposit restores it.'
               else 'Your collateral ratio fell to ' || to_char(collateralization_ratio_bps / 100.0, 'FM999999990.00') || '%, below your tier''s margin-call threshold. Withdrawals are refused and no new policies are allocated to you until a deposit restores it.' end,
             health_transition,
             'health:' || id || ':' || (extract(epoch from health_changed_at) * 1000)::bigint
      from pending
      on conflict (dedupe_key) do nothing
      returning 1
    ),
    alerted as (
      insert into admin_alerts (kind, message, data)
      select ${MARGIN_CALL_ALERT}::text,
             'Provider ' || principal || ' is in margin call at ' || to_char(collateralization_ratio_bps / 100.0, 'FM999999990.00') || '%',
             jsonb_build_object('principal', principal) || coalesce(health_transition, '{}'::jsonb)
      from pending where health_status = 'margin_call'
      returning 1
    ),
    -- A provider out of margin call again: its open margin-call alert has resolved itself, so the
    -- admins' open alerts are the providers still in margin call.
    recovered as (
      update admin_alerts a set resolved_at = now()
      from pending
      where pending.health_status <> 'margin_call' and a.kind = ${MARGIN_CALL_ALERT} and a.resolved_at is null
        and a.data ->> 'principal' = pending.principal
      returning 1
    )
    update providers p set health_notified_status = pending.health_status
    from pending where p.id = pending.id
    returning p.id`,
  );
  return rows.length;
}
