import { type DatabaseHandle, providers, seedTiers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestPolicies } from '../../test/policies';
import { deposit } from '../ledger';
import { allocateCollateral } from '../policies';

const STX = 1_000_000n;

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`margin call consequences on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
    });
    afterAll(() => handle?.close());

    it('a provider in margin call backs no new policy; back to healthy, it does again', async () => {
      for (const [i, principal] of ['ST1HEALTHY', 'ST1CALLED'].entries())
        await deposit(handle.db, {
          principal,
          tier: 'balanced',
          token: 'STX',
          amount: 10_000n * STX,
          chainTxId: `0xd${i}`,
          chainEventIndex: 0,
        });
      await handle.db
        .update(providers)
        .set({ healthStatus: 'margin_call' })
        .where(eq(providers.principal, 'ST1CALLED'));
      const [first, second] = await insertTestPolicies(handle.db, 2);
      const allocate = (policyId: number, i: number) =>
        handle.db.transaction((tx) =>
          allocateCollateral(tx, {
            policyId,
            token: 'STX',
            tier: 'balanced',
            collateral: 1_000n * STX,
            premium: 10n * STX,
            ref: { txId: `0xa${i}`, eventIndex: 0, blockHash: '0xb' },
            cycle: 0,
          }),
        );
      const idOf = async (principal: string) =>
        (await handle.db.select().from(providers).where(eq(providers.principal, principal)))[0]!.id;
      const called = await idOf('ST1CALLED');
      const plan = await allocate(first!, 1);
      expect(plan?.map((p) => p.providerId)).toEqual([await idOf('ST1HEALTHY')]);
      await handle.db.update(providers).set({ healthStatus: 'healthy' }).where(eq(providers.id, called));
      const next = await allocate(second!, 2);
      expect(next?.map((p) => p.providerId)).toContain(called);
    });
  });
}
