import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, MAX_BACKERS_PER_POLICY, planAllocation, splitPremium } from './allocation';
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

/** The seeded tiers' premium multipliers (packages/db/src/seed/tiers.ts). */
const MULTIPLIER = { conservative: 8_000n, balanced: 10_000n, aggressive: 12_500n } as const;
const candidate = (providerId: number, tier: Candidate['tier'], capacity: bigint): Candidate => ({
  providerId,
  tier,
  capacity,
  multiplierBps: MULTIPLIER[tier],
});

describe('planAllocation', () => {
  const pool = [
    candidate(1, 'balanced', 200n),
    candidate(2, 'balanced', 100n),
    candidate(3, 'aggressive', 1_000n),
  ];

  it('fills the own tier pro rata before asking a riskier one', () => {
    expect(planAllocation(150n, 30n, ['balanced', 'aggressive'], pool)).toEqual([
      { providerId: 1, amount: 100n, premiumAmount: 20n },
      { providerId: 2, amount: 50n, premiumAmount: 10n },
    ]);
    expect(planAllocation(500n, 50n, ['balanced', 'aggressive'], pool)).toEqual([
      // Weighted by tier: 200×1 : 100×1 : 200×1.25 of 50 → 18.18, 9.09, 22.73; the left-over
      // unit goes to the largest remainder (the aggressive backer). Pro rata alone gave 20/10/20.
      { providerId: 1, amount: 200n, premiumAmount: 18n },
      { providerId: 2, amount: 100n, premiumAmount: 9n },
      { providerId: 3, amount: 200n, premiumAmount: 23n },
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
          const candidates = capacities.map((capacity, i) => candidate(i + 1, 'balanced', capacity));
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
    const dust = Array.from({ length: 1_000 }, (_, i) => candidate(100 + i, 'balanced', 1n));
    const large = [
      candidate(1, 'balanced', 500n),
      candidate(2, 'balanced', 300n),
      candidate(3, 'balanced', 7n),
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
        candidate(1, 'balanced', 10n),
        candidate(2, 'balanced', 10n),
        candidate(3, 'aggressive', 5n),
        candidate(4, 'aggressive', 100n),
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

describe('splitPremium (tier-weighted shares)', () => {
  const backer = fc.record({
    amount: fc.bigInt({ min: 0n, max: 10n ** 13n }),
    multiplierBps: fc.constantFrom(...Object.values(MULTIPLIER), 1n, 30_000n),
  });
  const backers = fc
    .array(backer, { minLength: 1, maxLength: 20 })
    .filter((bs) => bs.some((b) => b.amount > 0n));
  const premium = fc.bigInt({ min: 0n, max: 10n ** 12n });

  it('sums exactly to the premium, and no share exceeds its exact weighted part by a unit', () => {
    fc.assert(
      fc.property(backers, premium, (bs, p) => {
        const shares = splitPremium(p, bs);
        expect(shares.reduce((s, x) => s + x, 0n)).toBe(p);
        const total = bs.reduce((s, b) => s + b.amount * b.multiplierBps, 0n);
        bs.forEach((b, i) => {
          const exact = p * b.amount * b.multiplierBps;
          // floor(exact / total) ≤ share ≤ floor(exact / total) + 1
          expect(shares[i]! * total).toBeGreaterThanOrEqual(exact - total + 1n);
          expect(shares[i]! * total).toBeLessThan(exact + total);
        });
      }),
    );
  });

  it('is monotone: a higher multiplier or more collateral never earns a backer less', () => {
    fc.assert(
      fc.property(
        backers,
        premium,
        fc.nat(),
        fc.bigInt({ min: 0n, max: 20_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (bs, p, pick, moreBps, moreCollateral) => {
          const i = pick % bs.length;
          const before = splitPremium(p, bs)[i]!;
          const higher = bs.map((b, j) => (j === i ? { ...b, multiplierBps: b.multiplierBps + moreBps } : b));
          const larger = bs.map((b, j) => (j === i ? { ...b, amount: b.amount + moreCollateral } : b));
          expect(splitPremium(p, higher)[i]!).toBeGreaterThanOrEqual(before);
          expect(splitPremium(p, larger)[i]!).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('pays a Conservative backer less per unit of collateral than an Aggressive one (seeded multipliers)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (conservative, aggressive, balanced, p) => {
          const bs = [
            { amount: conservative, multiplierBps: MULTIPLIER.conservative },
            { amount: balanced, multiplierBps: MULTIPLIER.balanced },
            { amount: aggressive, multiplierBps: MULTIPLIER.aggressive },
          ];
          const [c, , a] = splitPremium(p, bs);
          const total = bs.reduce((s, b) => s + b.amount * b.multiplierBps, 0n);
          // Rounding moves a share by under one unit; beyond that margin the order is strict:
          // (1.25 − 0.8)·p/W per unit of collateral > 1/c + 1/a, in integers.
          const margin = 4_500n * p * conservative * aggressive > total * (conservative + aggressive);
          // Per unit of collateral: c/conservative vs a/aggressive, cross-multiplied.
          if (margin) expect(c! * aggressive).toBeLessThan(a! * conservative);
          else expect(c! * aggressive).toBeLessThanOrEqual(a! * conservative + aggressive + conservative);
        },
      ),
    );
    // The seeded case in figures: 1,000 STX each behind a 100 STX premium.
    const [c, b, a] = splitPremium(100_000_000n, [
      { amount: 1_000_000_000n, multiplierBps: MULTIPLIER.conservative },
      { amount: 1_000_000_000n, multiplierBps: MULTIPLIER.balanced },
      { amount: 1_000_000_000n, multiplierBps: MULTIPLIER.aggressive },
    ]);
    expect([c, b, a]).toEqual([26_229_508n, 32_786_885n, 40_983_607n]);
  });
});
