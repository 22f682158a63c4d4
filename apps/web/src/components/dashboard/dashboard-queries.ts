/**
 * The inputs of the dashboard's first queries, shared by the page's server prefetch and the
 * components: a query hydrates only when the browser asks with exactly the input the server used.
 */
export const PAGE_SIZE = 25;
export const FIRST_TRANSACTIONS_PAGE = { limit: PAGE_SIZE } as const;
export const FIRST_ALLOCATIONS_PAGE = { limit: PAGE_SIZE } as const;
/** The premiums panel's first page of earned and claimed history. */
export const FIRST_PREMIUMS_PAGE = { limit: 20 } as const;
/** How often the dashboard's figures are read again while the page is open. */
export const LIVE_REFRESH_MS = 15_000;
/**
 * The yield figures and the charts read the provider's whole history (see docs/benchmarks.md):
 * once a minute is live enough for them.
 */
export const WHOLE_HISTORY_REFRESH_MS = 60_000;
