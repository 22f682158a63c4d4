import {
  type DatabaseHandle,
  policyAllocations,
  providerBalances,
  providers,
  seedTiers,
  tiers,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { DAY_MS } from '@bithedge/pricing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers';
import { callHttp, contextFor } from '../../test/context';
import { insertTestPolicies } from '../../test/policies';
import { getPoolOverview } from './pool-overview';
import { annualizedYieldBps, getTierAvailability, getTierMetrics } from './tier-metrics';

const NOW = new Date('2026-12-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY_MS);

/**
 * Four STX providers with hand-set balances (figures in micro-STX):
 * P1 balanced: 600 available + 300 locked + 100 pending withdrawal = 1000; premiums earned 20,
 *   claimed 10, pending 5; deposited 1200, withdrawn 250 (the vault counts 1200 − 250 + 10 = 960);
 *   opened 73 days ago.
 * P2 balanced: 500 available; deposited 500; opened 10 days ago.
 * P3 aggressive: 100 available + 400 locked; deposited 500.
 * P4 conservative: emptied (deposited 100, claimed 7, withdrew 107): no capital, 7 earned.
 * Policies: A backed by P1 (300) and P3 (200); B by P3 (200); C by P1, released.
 */
async function seed(handle: DatabaseHandle) {
  await seedTiers(handle.db);
  const rows = await handle.db
    .insert(providers)
    .values([
      { principal: 'SP1', tier: 'balanced' as const },
      { principal: 'SP2', tier: 'balanced' as const },
      { principal: 'SP3', tier: 'aggressive' as const },
      { principal: 'SP4', tier: 'conservative' as const },
    ])
    .returning();
  const [p1, p2, p3, p4] = rows.map((r) => r.id) as [number, number, number, number];
  await handle.db.insert(providerBalances).values([
    {
      providerId: p1,
      token: 'STX',
      available: 600n,
      locked: 300n,
      pendingWithdrawal: 100n,
      earnedPremiums: 20n,
      claimedPremiums: 10n,
      pendingPremiums: 5n,
      totalDeposited: 1200n,
      totalWithdrawn: 250n,
      createdAt: daysAgo(73),
    },
    { providerId: p2, token: 'STX', available: 500n, totalDeposited: 500n, createdAt: daysAgo(10) },
    {
      providerId: p3,
      token: 'STX',
      available: 100n,
      locked: 400n,
      totalDeposited: 500n,
      createdAt: daysAgo(5),
    },
    {
      providerId: p4,
      token: 'STX',
      totalDeposited: 100n,
      claimedPremiums: 7n,
      totalWithdrawn: 107n,
      createdAt: daysAgo(80),
    },
  ]);
  const [a, b, c] = (await insertTestPolicies(handle.db, 3)) as [number, number, number];
  const alloc = (policyId: number, providerId: number, amount: bigint, status: 'LOCKED' | 'RELEASED') => ({
    policyId,
    providerId,
    token: 'STX' as const,
    amount,
    shareBps: 5_000,
    premiumAmount: 0n,
    status,
  });
  await handle.db
    .insert(policyAllocations)
    .values([
      alloc(a, p1, 300n, 'LOCKED'),
      alloc(a, p3, 200n, 'LOCKED'),
      alloc(b, p3, 200n, 'LOCKED'),
      alloc(c, p1, 50n, 'RELEASED'),
    ]);
}

describe('annualizedYieldBps', () => {
  it('is earned ÷ capital per year, over at least a day, 0 without capital', () => {
    expect(annualizedYieldBps(30n, 1_500n, BigInt(73 * DAY_MS))).toBe(1_000);
    // A day at least: 1/3650 in a day is 10% a year.
    expect(annualizedYieldBps(1n, 3_650n, 1n)).toBe(1_000);
    expect(annualizedYieldBps(7n, 0n, BigInt(DAY_MS))).toBe(0);
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`tier metrics on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seed(handle);
    });
    afterAll(() => handle?.close());

    it('gives every tier its capital, policies, premiums, yield and capacity (hand-computed)', async () => {
      const [stx, sbtc] = await getTierMetrics(handle.db, NOW);
      expect(stx).toMatchObject({
        token: 'STX',
        activePolicyCount: 2,
        premiumsEarned: 37n,
        premiumsPending: 5n,
      });
      const [conservative, balanced, aggressive] = stx!.tiers;
      const limit = 10_000_000n * 1_000_000n;
      expect(balanced).toEqual({
        tier: 'balanced',
        capital: 1_500n,
        locked: 300n,
        available: 1_100n,
        pendingWithdrawal: 100n,
        utilizationBps: 2_000,
        providerCount: 2,
        activePolicyCount: 1,
        premiumsEarned: 30n,
        premiumsPending: 5n,
        // 30 / 1500 = 2% over 73 days (since P1's balance opened) = 10% a year.
        realizedYieldBps: 1_000,
        capacityLimit: limit,
        capacityUsed: 1_460n,
        capacityLeft: limit - 1_460n,
      });
      expect(aggressive).toMatchObject({
        capital: 500n,
        locked: 400n,
        utilizationBps: 8_000,
        providerCount: 1,
        activePolicyCount: 2,
        premiumsEarned: 0n,
        realizedYieldBps: 0,
        capacityUsed: 500n,
      });
      expect(conservative).toMatchObject({
        capital: 0n,
        providerCount: 0,
        activePolicyCount: 0,
        premiumsEarned: 7n,
        realizedYieldBps: 0,
        capacityUsed: 0n,
      });
      expect(sbtc!.tiers.every((t) => t.capital === 0n && t.capacityLeft === t.capacityLimit)).toBe(true);
    });

    it('adds premiums earned and active policies to the pool overview', async () => {
      const overview = await getPoolOverview(handle.db);
      expect(overview.tokens.map((t) => [t.token, t.totalEarned, t.activePolicyCount])).toEqual([
        ['STX', 37n, 2],
        ['SBTC', 0n, 0],
      ]);
    });

    it('says whether a deposit fits under the cap and whether the tier can back an amount', async () => {
      await handle.db
        .update(tiers)
        .set({ capacityLimit: 2_000n })
        .where(and(eq(tiers.name, 'balanced'), eq(tiers.token, 'STX')));
      const at = (amount: bigint) =>
        getTierAvailability(handle.db, { tier: 'balanced', token: 'STX', amount });
      // Room 2000 − 1460 = 540; backing: P1 min(600, 1000 × 70% − 300) = 400, P2 min(500, 350) = 350.
      expect(await at(540n)).toEqual({
        tier: 'balanced',
        token: 'STX',
        amount: 540n,
        isAvailable: true,
        availableAmount: 540n,
        backingCapacity: 750n,
        canBack: true,
      });
      expect(await at(751n)).toMatchObject({ isAvailable: false, availableAmount: 540n, canBack: false });
      // A cap under what the tier holds leaves no room (never negative).
      await handle.db
        .update(tiers)
        .set({ capacityLimit: 1_000n })
        .where(and(eq(tiers.name, 'balanced'), eq(tiers.token, 'STX')));
      expect(await at(1n)).toMatchObject({ isAvailable: false, availableAmount: 0n });
    });

    it.each([
      [{ tier: 'yolo' }, 'tier'],
      [{ token: 'DOGE' }, 'token'],
      [{ amount: '0' }, 'amount'],
      [{ amount: '-5' }, 'amount'],
      [{ amount: '9223372036854775808' }, 'amount'],
    ])('pool.tierAvailability refuses %j with BAD_REQUEST naming the field', async (patch, field) => {
      const input = { tier: 'balanced', token: 'STX', amount: '1000', ...patch };
      const res = await callHttp(appRouter, contextFor(handle), 'pool.tierAvailability', input);
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
    });

    it('is served publicly by pool.tiers with amounts as strings over HTTP', async () => {
      const res = await callHttp(appRouter, contextFor(handle), 'pool.tiers');
      expect(res.status).toBe(200);
      const data = res.body.result?.data as { json: { token: string; tiers: { capital: string }[] }[] };
      expect(data.json[0]!.tiers[1]!.capital).toBe('1500');
    });
  });
}
