import {
  type Executor,
  policies,
  policyAllocations,
  providerBalances,
  providers,
  type TierName,
} from '@bithedge/db';
import { usdToMicroStx } from '@bithedge/pricing';
import { requiredCollateral } from '../services/policies';

/** Test fixture for collateral health: a provider backing a put. */

/**
 * A provider whose whole capital backs one put, as a purchase would lock it: the put's protected
 * value in µSTX at `stxUsd`, times the tier's collateral ratio (requiredCollateral, rounded up).
 */
export async function providerBackingOnePut(
  db: Executor,
  principal: string,
  tier: TierName,
  put: { strikeUsd: bigint; amountSats: bigint; stxUsd: bigint; extraAvailable?: bigint },
): Promise<{ providerId: number; locked: bigint }> {
  const protectedUsd = (put.strikeUsd * put.amountSats) / 100_000_000n;
  const locked = await requiredCollateral(db, tier, 'STX', usdToMicroStx(protectedUsd, put.stxUsd, 'ceil'));
  const [provider] = await db.insert(providers).values({ principal, tier }).returning({ id: providers.id });
  const providerId = provider!.id;
  const available = put.extraAvailable ?? 0n;
  await db.insert(providerBalances).values({
    providerId,
    token: 'STX',
    totalDeposited: locked + available,
    available,
    locked,
  });
  const [policy] = await db
    .insert(policies)
    .values({
      owner: 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP',
      type: 'PUT',
      strikeUsd: put.strikeUsd,
      amountSats: put.amountSats,
      premiumUsd: 1n,
      premiumAmount: 1n,
      collateralAmount: locked,
      token: 'STX',
      tier,
      expirationHeight: 900_000,
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      status: 'ACTIVE',
    })
    .returning({ id: policies.id });
  await db
    .insert(policyAllocations)
    .values({ policyId: policy!.id, providerId, token: 'STX', amount: locked, shareBps: 10_000 });
  return { providerId, locked };
}

/**
 * A provider backing one sBTC-backed CALL with all its sBTC, as a purchase would lock it: the
 * CALL's amount in sats times the tier's collateral ratio (rounded up). `providerId`: an existing
 * provider (e.g. one backing a put in STX too) instead of a new one.
 */
export async function providerBackingOneSbtcCall(
  db: Executor,
  principal: string,
  tier: TierName,
  call: { strikeUsd: bigint; amountSats: bigint; providerId?: number },
): Promise<{ providerId: number; locked: bigint }> {
  const locked = await requiredCollateral(db, tier, 'SBTC', call.amountSats);
  const providerId =
    call.providerId ??
    (await db.insert(providers).values({ principal, tier }).returning({ id: providers.id }))[0]!.id;
  await db
    .insert(providerBalances)
    .values({ providerId, token: 'SBTC', totalDeposited: locked, available: 0n, locked });
  const [policy] = await db
    .insert(policies)
    .values({
      owner: 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP',
      type: 'CALL',
      strikeUsd: call.strikeUsd,
      amountSats: call.amountSats,
      premiumUsd: 1n,
      premiumAmount: 1n,
      collateralAmount: locked,
      token: 'SBTC',
      tier,
      expirationHeight: 900_000,
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      status: 'ACTIVE',
    })
    .returning({ id: policies.id });
  await db
    .insert(policyAllocations)
    .values({ policyId: policy!.id, providerId, token: 'SBTC', amount: locked, shareBps: 10_000 });
  return { providerId, locked };
}
