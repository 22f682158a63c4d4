import { type Database, DEMO_PROVIDERS, ledgerEntries, policies, providers } from '@bithedge/db';
import { eq, like } from 'drizzle-orm';
import { deposit, lockCollateral } from './ledger';

const DEMO_BUYER = 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP';

/**
 * Fills an empty database with the demo providers through the ledger itself: a deposit per
 * balance (a synthetic chain event) and, for the locked part, one demo policy per provider ×
 * token whose collateral is locked. The ledger's idempotency keys make a second run a no-op, and
 * verifyLedger is clean on the result.
 */
export async function seedDemoLedger(db: Database): Promise<void> {
  const already = await db
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(like(ledgerEntries.idempotencyKey, 'deposit:demo-%'))
    .limit(1);
  if (already.length > 0) return;
  for (const [i, provider] of DEMO_PROVIDERS.entries()) {
    for (const [j, balance] of provider.balances.entries()) {
      const amount = balance.available + balance.locked;
      await deposit(db, {
        principal: provider.principal,
        tier: provider.tier,
        token: balance.token,
        amount,
        chainTxId: `demo-${i}-${j}`,
        chainEventIndex: 0,
      });
      if (balance.locked === 0n) continue;
      const [{ id: providerId }] = (await db
        .select({ id: providers.id })
        .from(providers)
        .where(eq(providers.principal, provider.principal))) as [{ id: number }];
      const [policy] = await db
        .insert(policies)
        .values({
          owner: DEMO_BUYER,
          type: 'PUT',
          strikeUsd: 5_400_000_000_000n,
          amountSats: 10_000_000n,
          premiumUsd: 15_000_000_000n,
          premiumAmount: balance.locked / 50n,
          collateralAmount: balance.locked,
          token: balance.token,
          tier: provider.tier,
          expirationHeight: 1_000_000,
          expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
          status: 'ACTIVE',
        })
        .returning();
      await lockCollateral(db, {
        policyId: policy!.id,
        token: balance.token,
        parts: [{ providerId, amount: balance.locked }],
      });
    }
  }
}
