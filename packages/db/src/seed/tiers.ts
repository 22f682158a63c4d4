import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { TierName, Token } from '../schema';
import { TOKENS, tiers } from '../schema';

export interface TierDefaults {
  name: TierName;
  token: Token;
  capacityLimit: bigint;
  collateralRatioBps: number;
  premiumMultiplierBps: number;
  maxExposureBps: number;
  warningThresholdBps: number;
  marginCallThresholdBps: number;
}

const MICRO_STX = 1_000_000n;
const SATS = 100_000_000n;

/**
 * The documented starting configuration of the risk tiers (admins change it later).
 * Conservative providers over-collateralize the most, earn the smallest share of premium and
 * may have at most half their capital at risk; aggressive providers the reverse. Health turns
 * to Warning / MarginCall as collateralization falls below the two thresholds.
 */
export const DEFAULT_TIERS: readonly TierDefaults[] = TOKENS.flatMap((token) => {
  const unit = token === 'STX' ? MICRO_STX : SATS;
  const capacity = (stx: bigint, btc: bigint) => (token === 'STX' ? stx : btc) * unit;
  return [
    {
      name: 'conservative',
      token,
      capacityLimit: capacity(5_000_000n, 50n),
      collateralRatioBps: 15_000,
      premiumMultiplierBps: 8_000,
      maxExposureBps: 5_000,
      warningThresholdBps: 13_000,
      marginCallThresholdBps: 11_500,
    },
    {
      name: 'balanced',
      token,
      capacityLimit: capacity(10_000_000n, 100n),
      collateralRatioBps: 12_500,
      premiumMultiplierBps: 10_000,
      maxExposureBps: 7_000,
      warningThresholdBps: 11_500,
      marginCallThresholdBps: 10_500,
    },
    {
      name: 'aggressive',
      token,
      capacityLimit: capacity(5_000_000n, 50n),
      collateralRatioBps: 11_000,
      premiumMultiplierBps: 12_500,
      maxExposureBps: 9_000,
      warningThresholdBps: 10_500,
      marginCallThresholdBps: 10_000,
    },
  ] satisfies TierDefaults[];
});

/**
 * Inserts the default tiers that do not exist yet; never overwrites an admin's changes. Each tier
 * without a version gets its values as active version 1 (by 'seed'), so the admin's history
 * starts from what the readers use.
 */
export async function seedTiers(db: Executor): Promise<void> {
  await db
    .insert(tiers)
    .values([...DEFAULT_TIERS])
    .onConflictDoNothing({ target: [tiers.name, tiers.token] });
  await db.execute(sql`insert into tier_versions (name, token, version, capacity_limit, collateral_ratio_bps,
      premium_multiplier_bps, max_exposure_bps, warning_threshold_bps, margin_call_threshold_bps, is_active, created_by)
    select t.name, t.token, 1, t.capacity_limit, t.collateral_ratio_bps, t.premium_multiplier_bps, t.max_exposure_bps,
      t.warning_threshold_bps, t.margin_call_threshold_bps, true, 'seed'
    from tiers t
    where not exists (select 1 from tier_versions v where v.name = t.name and v.token = t.token)
    on conflict do nothing`);
}
