import {
  type Database,
  DEMO_PROVIDERS,
  policies,
  policyAllocations,
  providers,
  type TierName,
  type Token,
} from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { eq } from 'drizzle-orm';
import { deposit, lockCollateral } from '../ledger';

const DEMO_BUYER = 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP';

/** How a demo provider's deposit is made: straight into the ledger, or through a (local) chain. */
export type DemoDeposit = (input: {
  principal: string;
  tier: TierName;
  token: Token;
  amount: bigint;
}) => Promise<void>;

/**
 * Fills an empty database with the demo providers through the ledger itself: a deposit per
 * balance and, for the locked part, one demo policy per provider × token whose collateral is
 * locked (off chain: demo policies have no registry id, so the operator leaves them alone).
 * Deposits are synthetic chain events unless `depositVia` makes them real ones (the local chain).
 * The ledger's idempotency keys make a second run a no-op; verifyLedger is clean on the result.
 */
export async function seedDemoLedger(db: Database, depositVia?: DemoDeposit): Promise<void> {
  const already = await db
    .select({ id: providers.id })
    .from(providers)
    .where(eq(providers.principal, DEMO_PROVIDERS[0]!.principal))
    .limit(1);
  if (already.length > 0) return;
  for (const [i, provider] of DEMO_PROVIDERS.entries()) {
    for (const [j, balance] of provider.balances.entries()) {
      const amount = balance.available + balance.locked;
      const input = { principal: provider.principal, tier: provider.tier, token: balance.token, amount };
      if (depositVia) await depositVia(input);
      else await deposit(db, { ...input, chainTxId: `demo-${i}-${j}`, chainEventIndex: 0 });
      if (balance.locked === 0n) continue;
      const [{ id: providerId }] = (await db
        .select({ id: providers.id })
        .from(providers)
        .where(eq(providers.principal, provider.principal))) as [{ id: number }];
      const [policy] = await db
        .insert(policies)
        .values({
          owner: DEMO_BUYER,
          // sBTC backs only CALLs (a PUT would pay exactly when sBTC loses value); the premium is
          // micro-STX whatever the collateral.
          type: balance.token === 'SBTC' ? 'CALL' : 'PUT',
          strikeUsd: balance.token === 'SBTC' ? 15_000_000_000_000n : 5_400_000_000_000n,
          amountSats: 10_000_000n,
          premiumUsd: 15_000_000_000n,
          premiumAmount: balance.token === 'SBTC' ? 50_000_000n : balance.locked / 50n,
          collateralAmount: balance.locked,
          token: balance.token,
          tier: provider.tier,
          expirationHeight: 1_000_000,
          expiresAt: new Date(Date.now() + 30 * DAY_MS),
          status: 'ACTIVE',
        })
        .returning();
      await lockCollateral(db, {
        policyId: policy!.id,
        token: balance.token,
        parts: [{ providerId, amount: balance.locked }],
      });
      // The allocation row is what health and the stress test read the provider's exposure from.
      await db.insert(policyAllocations).values({
        policyId: policy!.id,
        providerId,
        token: balance.token,
        amount: balance.locked,
        shareBps: 10_000,
        premiumAmount: policy!.premiumAmount,
        status: 'LOCKED',
      });
    }
  }
}
