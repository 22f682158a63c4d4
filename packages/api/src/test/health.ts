import {
  type Executor,
  policies,
  policyAllocations,
  providerBalances,
  providers,
  type TierName,
} from '@bithedge/db';
import { POLICY_COLLATERAL, usdToMicroStx } from '@bithedge/pricing';
import { requiredCollateral } from '../services/policies';

/** Test fixture for collateral health: a provider backing one policy with all its collateral. */

interface BackedPolicyTerms {
  strikeUsd: bigint;
  amountSats: bigint;
  /** Collateral held on top of what the policy locks (available). */
  extraAvailable?: bigint;
  /** An existing provider (e.g. one backing a put in STX too) instead of a new one. */
  providerId?: number;
}

/** A put, backed in STX; a CALL, backed in sBTC. */
export type BackedPolicy =
  | (BackedPolicyTerms & {
      type: 'PUT' /** The STX price the put's collateral is sized at. */;
      stxUsd: bigint;
    })
  | (BackedPolicyTerms & { type: 'CALL' });

/**
 * What a purchase would lock for the policy, times the tier's collateral ratio (requiredCollateral,
 * rounded up): a put's protected value in µSTX at `stxUsd`; a CALL's amount in sats.
 */
function lockedFor(db: Executor, tier: TierName, policy: BackedPolicy): Promise<bigint> {
  if (policy.type === 'CALL') return requiredCollateral(db, tier, 'SBTC', policy.amountSats);
  const protectedUsd = (policy.strikeUsd * policy.amountSats) / 100_000_000n;
  return requiredCollateral(db, tier, 'STX', usdToMicroStx(protectedUsd, policy.stxUsd, 'ceil'));
}

/**
 * A provider whose collateral in the policy's token (STX for a put, sBTC for a CALL) backs one
 * policy, as a purchase would lock it, plus `extraAvailable`.
 */
export async function providerBackingOnePolicy(
  db: Executor,
  principal: string,
  tier: TierName,
  policy: BackedPolicy,
): Promise<{ providerId: number; locked: bigint }> {
  const token = POLICY_COLLATERAL[policy.type];
  const locked = await lockedFor(db, tier, policy);
  const providerId =
    policy.providerId ??
    (await db.insert(providers).values({ principal, tier }).returning({ id: providers.id }))[0]!.id;
  const available = policy.extraAvailable ?? 0n;
  await db.insert(providerBalances).values({
    providerId,
    token,
    totalDeposited: locked + available,
    available,
    locked,
  });
  const [row] = await db
    .insert(policies)
    .values({
      owner: 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP',
      type: policy.type,
      strikeUsd: policy.strikeUsd,
      amountSats: policy.amountSats,
      premiumUsd: 1n,
      premiumAmount: 1n,
      collateralAmount: locked,
      token,
      tier,
      expirationHeight: 900_000,
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      status: 'ACTIVE',
    })
    .returning({ id: policies.id });
  await db
    .insert(policyAllocations)
    .values({ policyId: row!.id, providerId, token, amount: locked, shareBps: 10_000 });
  return { providerId, locked };
}

/**
 * `providerBackingOnePolicy` for a put. Kept for admin.test.ts, which this clean-up leaves alone;
 * new tests call providerBackingOnePolicy.
 */
export function providerBackingOnePut(
  db: Executor,
  principal: string,
  tier: TierName,
  put: Omit<Extract<BackedPolicy, { type: 'PUT' }>, 'type'>,
): Promise<{ providerId: number; locked: bigint }> {
  return providerBackingOnePolicy(db, principal, tier, { ...put, type: 'PUT' });
}
