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
