import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAllocation } from './allocation';
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
});
