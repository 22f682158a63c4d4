import { type Executor, type HealthStatus, queryRows, TIER_NAMES, type TierName } from '@bithedge/db';
import { divide } from '@bithedge/pricing';
import { type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors';
import { getLatestMarketData, pricesObservedAt } from '../market';
import { TOKEN_UNITS, type TokenPricesUsd } from './model';
import { healthStatusCtes } from './sql';

/**
 * A price scenario: for each asset either a price (USD, 8 decimals) or a change from now in basis
 * points (−3000 = −30%); neither keeps today's price. sBTC is priced as BTC.
 */
export interface StressScenario {
  btcPriceUsd?: bigint;
  stxPriceUsd?: bigint;
  btcChangeBps?: number;
  stxChangeBps?: number;
}

/** What the pool (or one tier) looks like if every live policy settled at the scenario's prices. */
export interface StressFigures {
  providers: Record<HealthStatus, number>;
  /** Σ of the providers' requirements (their shares of the policies' maximum payouts). */
  requirementUsd: bigint;
  /** The providers' capital (available + locked) at the scenario's prices. */
  collateralUsd: bigint;
  /** What the policies would pay: intrinsic value, capped by the collateral locked behind each. */
  payoutsUsd: bigint;
  /** Intrinsic value beyond the locked collateral: what buyers would be owed and not paid. */
  shortfallUsd: bigint;
  /** The backers' premiums, valued at the scenario's prices. */
  premiumsUsd: bigint;
  /** premiums − payouts: what the providers gain (or, negative, lose). */
  lpNetUsd: bigint;
}

export interface StressPoint {
  btcChangeBps: number;
  btcPriceUsd: bigint;
  payoutsUsd: bigint;
  shortfallUsd: bigint;
  lpNetUsd: bigint;
}

export interface StressResult {
  prices: { btcUsd: bigint; stxUsd: bigint; baseBtcUsd: bigint; baseStxUsd: bigint; observedAt: Date };
  tiers: (StressFigures & { tier: TierName })[];
  pool: StressFigures;
  /** Pool shortfall and LP net over BTC from −90% to +100% of today, at the scenario's STX price. */
  curve: StressPoint[];
}

export const STRESS_CURVE_BPS: readonly number[] = Array.from({ length: 39 }, (_, i) => -9_000 + i * 500);

const BPS = 10_000n;

function scenarioPrice(base: bigint, price: bigint | undefined, changeBps: number | undefined): bigint {
  if (price !== undefined) return price;
  if (changeBps === undefined) return base;
  return divide(base * (BPS + BigInt(changeBps)), BPS, 'floor');
}

/**
 * `pool.stressTest`: the pool at a price scenario — providers by health status, requirement and
 * collateral per tier, and the payouts, shortfall and LP net if every live policy settled now at
 * the scenario's BTC price — plus the curve of shortfall and LP net over BTC. Three set-based
 * queries, run together; nothing is written.
 */
export async function stressTestPool(db: Executor, scenario: StressScenario): Promise<StressResult> {
  const latest = await getLatestMarketData(db);
  if (!latest.BTC || !latest.STX) throw new AppError('UNAVAILABLE', 'No prices recorded yet');
  const baseBtcUsd = latest.BTC.priceUsd;
  const baseStxUsd = latest.STX.priceUsd;
  const prices: TokenPricesUsd = {
    SBTC: scenarioPrice(baseBtcUsd, scenario.btcPriceUsd, scenario.btcChangeBps),
    STX: scenarioPrice(baseStxUsd, scenario.stxPriceUsd, scenario.stxChangeBps),
  };
  if (prices.SBTC <= 0n || prices.STX <= 0n)
    throw new AppError('BAD_REQUEST', 'scenario: prices must stay above 0');
  const curvePrices = STRESS_CURVE_BPS.map((bps) => scenarioPrice(baseBtcUsd, undefined, bps));
  const [health, settlement, [scenarioTotals, ...curveTotals]] = await Promise.all([
    healthByTier(db, prices),
    settlementByTier(db, prices),
    // The scenario's BTC price first, then the curve's: one pass over the live policies.
    poolSettlements(db, prices.STX, [prices.SBTC, ...curvePrices]),
  ]);
  const tiers = TIER_NAMES.map((tier) =>
    figures(
      health.find((h) => h.tier === tier),
      settlement.find((s) => s.tier === tier),
    ),
  );
  const pool = figures({ ...sumHealth(health), tier: 'pool' }, { tier: 'pool', ...scenarioTotals! });
  const curve = STRESS_CURVE_BPS.map((bps, i) => {
    const totals = curveTotals[i]!;
    return {
      btcChangeBps: bps,
      btcPriceUsd: curvePrices[i]!,
      payoutsUsd: totals.payouts_usd,
      shortfallUsd: totals.shortfall_usd,
      lpNetUsd: totals.premiums_usd - totals.payouts_usd,
    };
  });
  return {
    prices: {
      btcUsd: prices.SBTC,
      stxUsd: prices.STX,
      baseBtcUsd,
      baseStxUsd,
      observedAt: pricesObservedAt(latest.BTC, latest.STX),
    },
    tiers: tiers.map((f, i) => ({ tier: TIER_NAMES[i]!, ...f })),
    pool,
    curve,
  };
}

interface HealthRow {
  tier: string;
  healthy: number;
  warning: number;
  margin_call: number;
  requirement_usd: bigint;
  collateral_usd: bigint;
}

interface SettlementRow {
  tier: string;
  payouts_usd: bigint;
  shortfall_usd: bigint;
  premiums_usd: bigint;
}

function figures(health: HealthRow | undefined, settlement: SettlementRow | undefined): StressFigures {
  const payoutsUsd = settlement?.payouts_usd ?? 0n;
  const premiumsUsd = settlement?.premiums_usd ?? 0n;
  return {
    providers: {
      healthy: health?.healthy ?? 0,
      warning: health?.warning ?? 0,
      margin_call: health?.margin_call ?? 0,
    },
    requirementUsd: health?.requirement_usd ?? 0n,
    collateralUsd: health?.collateral_usd ?? 0n,
    payoutsUsd,
    shortfallUsd: settlement?.shortfall_usd ?? 0n,
    premiumsUsd,
    lpNetUsd: premiumsUsd - payoutsUsd,
  };
}

function sumHealth(rows: HealthRow[]): Omit<HealthRow, 'tier'> {
  return rows.reduce(
    (sum, r) => ({
      healthy: sum.healthy + r.healthy,
      warning: sum.warning + r.warning,
      margin_call: sum.margin_call + r.margin_call,
      requirement_usd: sum.requirement_usd + r.requirement_usd,
      collateral_usd: sum.collateral_usd + r.collateral_usd,
    }),
    { healthy: 0, warning: 0, margin_call: 0, requirement_usd: 0n, collateral_usd: 0n },
  );
}

async function healthByTier(db: Executor, prices: TokenPricesUsd): Promise<HealthRow[]> {
  const rows = await queryRows<Record<keyof HealthRow, string>>(
    db,
    sql`with ${healthStatusCtes(prices)}
      select tier::text as tier,
        count(*) filter (where status = 'healthy')::int as healthy,
        count(*) filter (where status = 'warning')::int as warning,
        count(*) filter (where status = 'margin_call')::int as margin_call,
        sum(requirement_usd)::text as requirement_usd, sum(value_usd)::text as collateral_usd
      from status group by tier`,
  );
  return rows.map((r) => ({
    tier: r.tier,
    healthy: Number(r.healthy),
    warning: Number(r.warning),
    margin_call: Number(r.margin_call),
    requirement_usd: BigInt(r.requirement_usd),
    collateral_usd: BigInt(r.collateral_usd),
  }));
}

/**
 * Each live policy settled at `btc` (one row per policy and BTC price): intrinsic value rounded
 * up, the locked collateral's value rounded down, so payouts and shortfall never look smaller than
 * they are. `scenarios` is a relation (point, btc_usd): a key and a BTC price.
 */
function outcomesSql(stxUsd: bigint, scenarios: SQL): SQL {
  return sql`settle as (
      select s.point, s.btc_usd, p.id, p.collateral_amount,
        ceil(greatest(0, case p.type when 'PUT' then p.strike_usd - s.btc_usd else s.btc_usd - p.strike_usd end)
             * p.amount_sats / 100000000) as intrinsic_usd,
        floor(p.collateral_amount::numeric *
              (case p.token when 'STX' then ${stxUsd}::numeric else s.btc_usd end) /
              (case p.token when 'STX' then ${TOKEN_UNITS.STX}::numeric else ${TOKEN_UNITS.SBTC}::numeric end)) as collateral_usd,
        -- The premium is micro-STX whatever the collateral (the registry collects STX).
        floor(p.premium_amount::numeric * ${stxUsd}::numeric / ${TOKEN_UNITS.STX}::numeric) as premium_usd
      from policies p cross join (${scenarios}) s
      where p.status = 'ACTIVE'
    ),
    outcome as (
      select point, btc_usd, id, collateral_amount, premium_usd,
        least(intrinsic_usd, collateral_usd) as paid_usd,
        greatest(intrinsic_usd - collateral_usd, 0) as shortfall_usd
      from settle
    )`;
}

function singleScenario(btcUsd: bigint): SQL {
  return sql`select 0 as point, ${btcUsd}::numeric as btc_usd`;
}

/**
 * Per tier of the backing providers: each backer's share (its allocation ÷ the policy's
 * collateral) of the policy's payout and shortfall, and its own premium share; rounded once per
 * tier (payouts and shortfall up, premiums down).
 */
async function settlementByTier(db: Executor, prices: TokenPricesUsd): Promise<SettlementRow[]> {
  const rows = await queryRows<Record<keyof SettlementRow, string>>(
    db,
    sql`with ${outcomesSql(prices.STX, singleScenario(prices.SBTC))}
      select pv.tier::text as tier,
        ceil(sum(o.paid_usd * a.amount / o.collateral_amount))::text as payouts_usd,
        ceil(sum(o.shortfall_usd * a.amount / o.collateral_amount))::text as shortfall_usd,
        floor(sum(a.premium_amount::numeric * ${prices.STX}::numeric / ${TOKEN_UNITS.STX}::numeric))::text as premiums_usd
      from outcome o
      join policy_allocations a on a.policy_id = o.id and a.status = 'LOCKED'
      join providers pv on pv.id = a.provider_id
      where o.collateral_amount > 0
      group by pv.tier`,
  );
  return rows.map((r) => ({
    tier: r.tier,
    payouts_usd: BigInt(r.payouts_usd),
    shortfall_usd: BigInt(r.shortfall_usd),
    premiums_usd: BigInt(r.premiums_usd),
  }));
}

/**
 * The pool's payouts, shortfall and premiums if every live policy settled at each of `btcPrices`
 * (in that order), exact at policy level, in one query.
 */
async function poolSettlements(
  db: Executor,
  stxUsd: bigint,
  btcPrices: readonly bigint[],
): Promise<Omit<SettlementRow, 'tier'>[]> {
  const points = sql.join(
    btcPrices.map((btcUsd, i) => sql`(${i}::int, ${btcUsd}::numeric)`),
    sql`, `,
  );
  const rows = await queryRows<{ point: number; payouts: string; shortfall: string; premiums: string }>(
    db,
    sql`with ${outcomesSql(stxUsd, sql`select * from (values ${points}) v(point, btc_usd)`)}
      select point, coalesce(sum(paid_usd), 0)::text as payouts,
        coalesce(sum(shortfall_usd), 0)::text as shortfall, coalesce(sum(premium_usd), 0)::text as premiums
      from outcome group by point`,
  );
  // No live policy: no rows at all, and every point settles to zero.
  const byPoint = new Map(rows.map((r) => [Number(r.point), r]));
  return btcPrices.map((_, i) => {
    const r = byPoint.get(i);
    return {
      payouts_usd: BigInt(r?.payouts ?? 0),
      shortfall_usd: BigInt(r?.shortfall ?? 0),
      premiums_usd: BigInt(r?.premiums ?? 0),
    };
  });
}
