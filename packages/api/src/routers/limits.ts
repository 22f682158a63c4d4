/** The largest value a PostgreSQL bigint holds: ids and base-unit amounts above it are refused as input. */
export const MAX_INT64 = 2n ** 63n - 1n;
