import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BACKERS_PER_POLICY, planAllocation } from './allocation';
import { backingTier, eligibleTiers } from './backing-tier';

describe('backingTier', () => {
  it('sends near-the-money policies to riskier tiers, for puts and calls alike', () => {
    expect([100, 95, 90, 85, 80, 50].map((p) => backingTier('PUT', p))).toEqual([
      'aggressive',
      'aggressive',
      'balanced',
      'balanced',
      'conservative',
      'conservative',
    ]);
    expect([90, 105, 110, 120].map((p) => backingTier('CALL', p))).toEqual([
      'aggressive',
      'aggressive',
      'balanced',
      'conservative',
    ]);
    expect(eligibleTiers('balanced')).toEqual(['balanced', 'aggressive']);
  });
});

describe('planAllocation', () => {
  const pool = [
    { providerId: 1, tier: 'balanced' as const, capacity: 200n },
    { providerId: 2, tier: 'balanced' as const, capacity: 100n },
    { providerId: 3, tier: 'aggressive' as const, capacity: 1_000n },
  ];

  it('fills the own tier pro rata before asking a riskier one', () => {
    expect(planAllocation(150n, 30n, ['balanced', 'aggressive'], pool)).toEqual([
      { providerId: 1, amount: 100n, premiumAmount: 20n },
      { providerId: 2, amount: 50n, premiumAmount: 10n },
    ]);
    expect(planAllocation(500n, 50n, ['balanced', 'aggressive'], pool)).toEqual([
      { providerId: 1, amount: 200n, premiumAmount: 20n },
      { providerId: 2, amount: 100n, premiumAmount: 10n },
      { providerId: 3, amount: 200n, premiumAmount: 20n },
    ]);
  });

  it('refuses what the eligible tiers cannot cover', () => {
    expect(planAllocation(301n, 1n, ['balanced'], pool)).toBeNull();
  });

  it('never exceeds a capacity and sums exactly to the collateral and the premium', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 12 }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (capacities, amount, premium) => {
          const candidates = capacities.map((capacity, i) => ({
            providerId: i + 1,
            tier: 'balanced' as const,
            capacity,
          }));
          const plan = planAllocation(amount, premium, ['balanced'], candidates);
          const total = capacities.reduce((s, c) => s + c, 0n);
          if (total < amount) {
            expect(plan).toBeNull();
            return;
          }
          expect(plan?.reduce((s, p) => s + p.amount, 0n)).toBe(amount);
          expect(plan?.reduce((s, p) => s + p.premiumAmount, 0n)).toBe(premium);
          for (const p of plan ?? []) expect(p.amount).toBeLessThanOrEqual(capacities[p.providerId - 1]!);
        },
      ),
    );
  });

  it('L5: at most MAX_BACKERS_PER_POLICY providers back a policy, the largest first, parts still summing exactly', () => {
    // 1,000 dust providers of 1 unit and three large ones, all in the tier.
    const dust = Array.from({ length: 1_000 }, (_, i) => ({
      providerId: 100 + i,
      tier: 'balanced' as const,
      capacity: 1n,
    }));
    const large = [
      { providerId: 1, tier: 'balanced' as const, capacity: 500n },
      { providerId: 2, tier: 'balanced' as const, capacity: 300n },
      { providerId: 3, tier: 'balanced' as const, capacity: 7n },
    ];
    const plan = planAllocation(700n, 101n, ['balanced'], [...dust, ...large])!;
    // Only the three large providers and the 47 lowest-id dust providers are considered (a dust
    // provider whose pro-rata part rounds to 0 gets none).
    const top = new Set([1, 2, 3, ...Array.from({ length: MAX_BACKERS_PER_POLICY - 3 }, (_, i) => 100 + i)]);
    expect(plan.length).toBeLessThanOrEqual(MAX_BACKERS_PER_POLICY);
    expect(plan.every((p) => top.has(p.providerId))).toBe(true);
    expect(plan.slice(-3).map((p) => p.providerId)).toEqual([1, 2, 3]);
    expect(plan.reduce((s, p) => s + p.amount, 0n)).toBe(700n);
    expect(plan.reduce((s, p) => s + p.premiumAmount, 0n)).toBe(101n);
    for (const p of plan)
      expect(p.amount).toBeLessThanOrEqual(p.providerId < 100 ? [500n, 300n, 7n][p.providerId - 1]! : 1n);
    // The cap counts across tiers: a riskier tier only fills the slots left.
    const twoTiers = planAllocation(
      30n,
      0n,
      ['balanced', 'aggressive'],
      [
        { providerId: 1, tier: 'balanced', capacity: 10n },
        { providerId: 2, tier: 'balanced', capacity: 10n },
        { providerId: 3, tier: 'aggressive', capacity: 5n },
        { providerId: 4, tier: 'aggressive', capacity: 100n },
      ],
      3,
    );
    expect(twoTiers?.map((p) => [p.providerId, p.amount])).toEqual([
      [1, 10n],
      [2, 10n],
      [4, 10n],
    ]);
    // Beyond what the capped backers can take, the policy is not allocated.
    expect(planAllocation(900n, 0n, ['balanced'], [...dust, ...large])).toBeNull();
  });
});
