/**
 * Product limits of a single policy. Its own module with no imports, so the browser can check
 * input by the same rules the server enforces (`@bithedge/api/quote-limits`).
 */
export const QUOTE_LIMITS = {
  minProtectedValuePercentage: 50,
  maxProtectedValuePercentage: 150,
  /** The most BTC one policy may cover. */
  maxAmountBtc: '10',
  minDays: 1,
  maxDays: 365,
} as const;

/**
 * Per-account limits on saved quotes. Saving is free and each one is a stored row, so an account
 * may keep only so many live (ACTIVE, unexpired) ones; expired and purchased ones do not count.
 */
export const SAVED_QUOTE_LIMITS = {
  maxActivePerAccount: 100,
} as const;

/**
 * Limits of a provider yield quote: a period of 1 day to a year, and at most what a sane single
 * deposit could be (well under each token's supply).
 */
export const PROVIDER_QUOTE_LIMITS = {
  minDays: 1,
  maxDays: 365,
  /** Whole tokens. */
  maxAmount: { STX: '100000000', SBTC: '1000' },
} as const;
