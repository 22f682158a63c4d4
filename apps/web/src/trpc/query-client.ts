import { defaultShouldDehydrateQuery, QueryClient, type QueryKey } from '@tanstack/react-query';
import superjson from 'superjson';

/**
 * A query key's hash, as TanStack's default (plain objects' keys sorted) but taking bigint: money
 * travels as bigint, and an input holding one (an admin preview's capacity) must not crash the page.
 */
export function hashQueryKey(queryKey: QueryKey): string {
  return JSON.stringify(queryKey, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return value;
  });
}

/** One factory for server and browser, so bigint survives dehydration into the HTML. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, queryKeyHashFn: hashQueryKey },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
