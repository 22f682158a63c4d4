/**
 * Exact money arithmetic on bigint base units. USD values and prices carry 8 decimals
 * (1 USD = 100_000_000n), STX amounts are micro-STX (6 decimals), BTC amounts are sats (8).
 * Every conversion that can lose a fraction states its rounding direction.
 */

import { BLOCKS_PER_DAY } from './time.ts';

export type Rounding = 'floor' | 'ceil' | 'half-even';

export const USD_SCALE = 100_000_000n;
export const MICRO_STX_PER_STX = 1_000_000n;
export const SATS_PER_BTC = 100_000_000n;

/** The smaller of two amounts (`Math.min` does not take bigint). */
export function minAmount(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/** numerator ÷ denominator rounded as asked; denominator must be > 0. */
export function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be > 0');
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  // bigint division truncates toward zero; floor and ceil differ by sign.
  const floor = numerator < 0n ? quotient - 1n : quotient;
  if (rounding === 'floor') return floor;
  if (rounding === 'ceil') return floor + 1n;
  const twice = 2n * (numerator - floor * denominator);
  if (twice < denominator) return floor;
  if (twice > denominator) return floor + 1n;
  return floor % 2n === 0n ? floor : floor + 1n;
}

function requirePositivePrice(priceUsd: bigint, name: string): void {
  if (priceUsd <= 0n) throw new RangeError(`${name} must be > 0 (got ${priceUsd})`);
}

/** USD (8 decimals) → micro-STX at a STX/USD price (8 decimals). */
export function usdToMicroStx(usd: bigint, stxPriceUsd: bigint, rounding: Rounding): bigint {
  requirePositivePrice(stxPriceUsd, 'stxPriceUsd');
  return divide(usd * MICRO_STX_PER_STX, stxPriceUsd, rounding);
}

/** micro-STX → USD (8 decimals) at a STX/USD price (8 decimals). */
export function microStxToUsd(microStx: bigint, stxPriceUsd: bigint, rounding: Rounding): bigint {
  requirePositivePrice(stxPriceUsd, 'stxPriceUsd');
  return divide(microStx * stxPriceUsd, MICRO_STX_PER_STX, rounding);
}

/** USD (8 decimals) → sats at a BTC/USD price (8 decimals). */
export function usdToSats(usd: bigint, btcPriceUsd: bigint, rounding: Rounding): bigint {
  requirePositivePrice(btcPriceUsd, 'btcPriceUsd');
  return divide(usd * SATS_PER_BTC, btcPriceUsd, rounding);
}

/** sats → USD (8 decimals) at a BTC/USD price (8 decimals). */
export function satsToUsd(sats: bigint, btcPriceUsd: bigint, rounding: Rounding): bigint {
  requirePositivePrice(btcPriceUsd, 'btcPriceUsd');
  return divide(sats * btcPriceUsd, SATS_PER_BTC, rounding);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string exactly into an integer with `decimals` places, refusing more
 * precision than that (no silent rounding of user-entered amounts).
 */
export function parseDecimal(value: string, decimals: number): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal number: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > decimals) throw new RangeError(`"${value}" has more than ${decimals} decimal places`);
  const units = BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  return sign ? -units : units;
}

/** Formats an integer with `decimals` places as a plain decimal string (no grouping). */
export function formatDecimal(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** "0.5" BTC → 50_000_000n sats (exact; more than 8 decimals is refused). */
export function btcToSats(btc: string): bigint {
  return parseDecimal(btc, 8);
}

/** 50_000_000n sats → "0.5". */
export function satsToBtc(sats: bigint): string {
  return formatDecimal(sats, 8);
}

/**
 * A float USD amount from a pricing model → 8-decimal bigint, rounded as asked. The model's
 * float is the end of the floating-point world: everything after this is exact.
 */
export function usdFromNumber(usd: number, rounding: Rounding): bigint {
  if (!Number.isFinite(usd)) throw new RangeError(`usd must be finite (got ${usd})`);
  // toFixed(12) is exact enough to decide the 8th decimal (doubles carry ~17 significant digits).
  const [whole = '0', fraction = ''] = Math.abs(usd).toFixed(12).split('.');
  const scaled = BigInt(whole) * 10n ** 12n + BigInt(fraction);
  const units = divide(usd < 0 ? -scaled : scaled, 10_000n, rounding);
  return units;
}

/** Whole days → Bitcoin blocks (144 a day). */
export function daysToBlocks(days: number): bigint {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number ≥ 0 (got ${days})`);
  return BigInt(days) * BLOCKS_PER_DAY;
}

/** Blocks → days, rounded as asked. */
export function blocksToDays(blocks: bigint, rounding: Rounding = 'floor'): bigint {
  return divide(blocks, BLOCKS_PER_DAY, rounding);
}

/**
 * Splits `total` in proportion to `weights` by the largest-remainder method: every part is
 * floor(total·wᵢ/W), and the units left over go one each to the largest remainders (ties to the
 * lower index). Parts sum exactly to `total`; the result is deterministic.
 */
export function splitProRata(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('total must be ≥ 0');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must be ≥ 0');
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new RangeError('weights must not all be zero when total > 0');
  }
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, p) => a + p, 0n);
  const order = weights
    .map((w, i) => ({ i, remainder: (total * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts;
}
