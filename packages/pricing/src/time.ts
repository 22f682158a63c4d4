/**
 * The units of time quotes, policies and the chain share. A policy's term is whole days; on chain
 * it expires at a Bitcoin (burn) block height, one block every ten minutes on average.
 */

/** A day, in milliseconds. */
export const DAY_MS = 86_400_000;

/** The average time between two Bitcoin (burn) blocks: ten minutes. */
export const BURN_BLOCK_MS = 600_000;

/** A day, in Bitcoin (burn) blocks: 144. */
export const BLOCKS_PER_DAY = BigInt(DAY_MS / BURN_BLOCK_MS);
