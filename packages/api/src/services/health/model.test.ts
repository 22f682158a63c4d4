import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocationRequirementUsd,
  collateralRatioBps,
  healthStatus,
  maxWithdrawable,
  type ProviderHealthInput,
  providerHealth,
} from './model';

const usd = (dollars: number) => BigInt(Math.round(dollars * 100)) * 1_000_000n;
const stx = (n: number) => BigInt(n) * 1_000_000n;
/** The balanced tier's thresholds (seed defaults). */
const BALANCED = { warningThresholdBps: 11_500, marginCallThresholdBps: 10_500 };

describe('collateral health model', () => {
  it('worked example: a balanced provider backing a $50,000 put through an STX price fall', () => {
    // A put on 0.5 BTC struck at $100,000 protects $50,000. At STX $2.00 that is 25,000 STX;
    // the balanced tier locks 125% of it: 31,250 STX, all of this provider's capital.
    const policy = { strikeUsd: usd(100_000), amountSats: 50_000_000n, collateralAmount: stx(31_250) };
    const requirementUsd = allocationRequirementUsd(policy.collateralAmount, policy);
    expect(requirementUsd).toBe(usd(50_000));
    const at = (stxUsd: number): ProviderHealthInput => ({
      balances: [{ token: 'STX', available: 0n, locked: stx(31_250) }],
      requirementUsd,
      prices: { STX: usd(stxUsd), SBTC: usd(100_000) },
      thresholds: BALANCED,
    });
    // Unchanged prices: exactly the tier's collateral ratio, 125%.
    expect(providerHealth(at(2)).ratioBps).toBe(12_500n);
    expect(providerHealth(at(2)).status).toBe('healthy');
    // STX −10% → $1.80: 31,250 × 1.80 = $56,250 → 112.5%: below 115%, a Warning.
    expect(providerHealth(at(1.8))).toMatchObject({ ratioBps: 11_250n, status: 'warning' });
    // STX −20% → $1.60: $50,000 → 100%: below 105%, a MarginCall. Restoring 115% ($57,500)
    // takes $7,500 more: 4,687.5 STX, rounded up to the micro-STX.
    const call = providerHealth(at(1.6));
    expect(call).toMatchObject({ ratioBps: 10_000n, status: 'margin_call' });
    expect(call.depositToRestore.STX).toBe(4_687_500_000n);
    expect(call.maxWithdrawable.STX).toBe(0n);
  });

  it('a provider with no allocations is healthy with no ratio, and may withdraw all it has available', () => {
    const health = providerHealth({
      balances: [{ token: 'STX', available: stx(10), locked: 0n }],
      requirementUsd: 0n,
      prices: { STX: usd(2), SBTC: usd(100_000) },
      thresholds: BALANCED,
    });
    expect(health).toMatchObject({ status: 'healthy', ratioBps: null });
    expect(health.maxWithdrawable.STX).toBe(stx(10));
    expect(health.depositToRestore.STX).toBe(0n);
  });

  it('thresholds apply at their exact boundaries', () => {
    expect(healthStatus(11_500n, BALANCED)).toBe('healthy');
    expect(healthStatus(11_499n, BALANCED)).toBe('warning');
    expect(healthStatus(10_500n, BALANCED)).toBe('warning');
    expect(healthStatus(10_499n, BALANCED)).toBe('margin_call');
    expect(healthStatus(null, BALANCED)).toBe('healthy');
    expect(collateralRatioBps(usd(1), 0n)).toBeNull();
  });

  it('maxWithdrawable is exact: taking it keeps the ratio at the warning threshold, one unit more breaks it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }), // available µSTX
        fc.bigInt({ min: 0n, max: 10n ** 12n }), // locked µSTX
        fc.bigInt({ min: 1n, max: 10n ** 12n }), // requirement USD
        fc.bigInt({ min: 1_000_000n, max: 10n ** 10n }), // STX price
        fc.bigInt({ min: 0n, max: 10n ** 9n }), // sBTC available
        (available, locked, requirementUsd, stxPrice, sbtc) => {
          const input: ProviderHealthInput = {
            balances: [
              { token: 'STX', available, locked },
              { token: 'SBTC', available: sbtc, locked: 0n },
            ],
            requirementUsd,
            prices: { STX: stxPrice, SBTC: usd(100_000) },
            thresholds: BALANCED,
          };
          const x = maxWithdrawable('STX', input);
          expect(x >= 0n && x <= available).toBe(true);
          const after = (taken: bigint) =>
            providerHealth({
              ...input,
              balances: [{ token: 'STX', available: available - taken, locked }, input.balances[1]!],
            });
          const before = providerHealth(input);
          if (x > 0n) expect(after(x).ratioBps! >= 11_500n).toBe(true);
          if (x < available && before.status === 'healthy')
            expect(after(x + 1n).ratioBps! < 11_500n).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('depositToRestore is the least deposit that makes the provider healthy', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1_000_000n, max: 10n ** 10n }),
        (locked, requirementUsd, stxPrice) => {
          const input: ProviderHealthInput = {
            balances: [{ token: 'STX', available: 0n, locked }],
            requirementUsd,
            prices: { STX: stxPrice, SBTC: usd(100_000) },
            thresholds: BALANCED,
          };
          const d = providerHealth(input).depositToRestore.STX;
          const withDeposit = (amount: bigint) =>
            providerHealth({ ...input, balances: [{ token: 'STX', available: amount, locked }] }).status;
          expect(withDeposit(d)).toBe('healthy');
          if (d > 0n) expect(withDeposit(d - 1n)).not.toBe('healthy');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the ratio never rises as STX falls (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        (available, locked, requirementUsd, p1, p2) => {
          const [low, high] = p1 < p2 ? [p1, p2] : [p2, p1];
          const ratioAt = (price: bigint) =>
            providerHealth({
              balances: [{ token: 'STX', available, locked }],
              requirementUsd,
              prices: { STX: price, SBTC: usd(100_000) },
              thresholds: BALANCED,
            }).ratioBps!;
          expect(ratioAt(low) <= ratioAt(high)).toBe(true);
        },
      ),
    );
  });
});
