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
