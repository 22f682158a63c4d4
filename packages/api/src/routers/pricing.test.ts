import { type DatabaseHandle, openDatabase, seedRiskParameters } from '@bithedge/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPriceFeed } from '../adapters/price-feed';
import { recordMarketSnapshot } from '../services/market';
import { callHttp, contextFor } from '../test/context';
import { FUZZ_SEED } from '../test/fuzz';
import { appRouter, createCaller } from '.';

const params = { protectedValuePercentage: 90, amount: '0.1', days: 7, policyType: 'PUT' as const };

describe('pricing.buyerQuote what-if spot', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedRiskParameters(handle.db);
    await recordMarketSnapshot(handle.db, new SimulatedPriceFeed());
  });
  afterAll(() => handle?.close());

  it.each([Number.MIN_VALUE, 1e-9, 0.004])(
    'fuzz: spotOverrideUsd %d (below one cent; the smallest round to $0 at 8 decimals) is a BAD_REQUEST naming the field, not a 500',
    async (spotOverrideUsd) => {
      const res = await callHttp(appRouter, contextFor(handle), 'pricing.buyerQuote', {
        ...params,
        spotOverrideUsd,
      });
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { data: { fieldErrors: Record<string, string[]> } };
      expect(Object.keys(error.data.fieldErrors)).toEqual(['spotOverrideUsd']);
    },
  );

  it('fuzz: every what-if spot from one cent to the maximum prices a quote', async () => {
    const caller = createCaller(contextFor(handle));
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.01, max: 100_000_000, noNaN: true }),
        fc.integer({ min: 50, max: 150 }),
        fc.integer({ min: 1, max: 365 }),
        fc.constantFrom('PUT' as const, 'CALL' as const),
        async (spotOverrideUsd, protectedValuePercentage, days, policyType) => {
          const quote = await caller.pricing.buyerQuote({
            ...params,
            protectedValuePercentage,
            days,
            policyType,
            spotOverrideUsd,
          });
          expect(quote.spotUsd).toBeGreaterThan(0n);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
  });
});
