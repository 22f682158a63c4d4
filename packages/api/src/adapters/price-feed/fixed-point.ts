/**
 * Rescales a Pyth-style fixed-point integer (mantissa × 10^expo) to `decimals` decimals, exactly,
 * rounding half to even when precision is dropped.
 */
export function rescale(mantissa: bigint, expo: number, decimals: number): bigint {
  const shift = expo + decimals;
  if (shift >= 0) return mantissa * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = mantissa / divisor;
  const remainder = mantissa % divisor;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice < divisor) return quotient;
  const away = mantissa < 0n ? quotient - 1n : quotient + 1n;
  if (twice > divisor) return away;
  return quotient % 2n === 0n ? quotient : away;
}
