import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import recorded from './fixtures/hermes-latest.json' with { type: 'json' };
import { MAX_CONFIDENCE_BPS, parseHermesLatest } from './pyth-hermes';

describe('Pyth confidence interval', () => {
  it('L9: refuses a price whose confidence interval is wider than the bound', () => {
    // The recorded BTC price has a ±0.04 % interval: taken.
    expect(parseHermesLatest(recorded).BTC.confidenceUsd).toBe(3_456_789_012n);
    const [btc, stx] = recorded.parsed;
    // ±2.5 % on BTC (the bound is 2 %): refused, naming the asset.
    const wide = {
      ...btc!,
      price: { ...btc!.price, conf: String((BigInt(btc!.price.price) * 250n) / 10_000n) },
    };
    expect(MAX_CONFIDENCE_BPS).toBe(200n);
    expect(() => parseHermesLatest({ ...recorded, parsed: [wide, stx] })).toThrow(AppError);
    expect(() => parseHermesLatest({ ...recorded, parsed: [wide, stx] })).toThrow(/BTC\/USD confidence/);
    // Exactly at the bound is still taken.
    const edge = {
      ...btc!,
      price: { ...btc!.price, conf: String((BigInt(btc!.price.price) * 200n) / 10_000n) },
    };
    expect(parseHermesLatest({ ...recorded, parsed: [edge, stx] }).BTC.priceUsd).toBe(9_712_345_678_901n);
  });
});
