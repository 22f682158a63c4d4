/** The audit log's first page: the page prefetches it with the input the list opens with. */
export const FIRST_AUDIT_PAGE = { limit: 20 } as const;

/** The operations section refetches this often: run records and prices move by the minute. */
export const OPERATIONS_REFRESH_MS = 30_000;

/** The alerts list's first page: open alerts, as the section opens. */
export const FIRST_ALERTS_PAGE = { status: 'open', limit: 20 } as const;
