/**
 * A top-up adds this much (in basis points) to the least deposit that restores health: prices
 * move every minute, and a deposit of exactly the minimum could land a hair short of it.
 */
export const TOP_UP_BUFFER_BPS = 200n;

/** The amount the top-up deposits: the minimum plus the buffer, rounded up to a base unit. */
export function topUpAmount(minimum: bigint): bigint {
  return (minimum * (10_000n + TOP_UP_BUFFER_BPS) + 9_999n) / 10_000n;
}
