/**
 * A tiny read-through cache: each key's value is loaded at most once per `ttlMs`, and concurrent
 * readers of a key share one load. Used for the inputs every quote reads (latest prices, active
 * risk parameters), which change at most once a minute but are read on every keystroke, and for
 * the public aggregates (`createPublicReadCache`).
 *
 * A value is fresh for `ttlMs` from when its load finished, and a load in flight is shared however
 * long it takes: counted from the start, a load slower than the ttl (a stress test over 10,000
 * providers takes over a second) would be stale on arrival, and every reader would start another.
 */
export class TtlCache<T> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #entries = new Map<string, { loadedAt: number | null; value: Promise<T> }>();

  /**
   * `maxEntries` bounds the keys kept where callers choose them (a public input): beyond it the
   * oldest loads go first, so a flood of distinct keys cannot grow the cache.
   */
  constructor(
    ttlMs: number,
    {
      maxEntries = Number.POSITIVE_INFINITY,
      clock = Date.now,
    }: { maxEntries?: number; clock?: () => number } = {},
  ) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#clock = clock;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && (entry.loadedAt === null || this.#clock() - entry.loadedAt < this.#ttlMs))
      return entry.value;
    const value = load();
    const fresh = { loadedAt: null as number | null, value };
    // Re-inserted, so the map's order is the order of loads: the first key is the oldest.
    this.#entries.delete(key);
    this.#entries.set(key, fresh);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
    // Registered before any reader's, so the time is set when they see the value. A failed load
    // is not cached: the next reader tries again.
    value.then(
      () => {
        fresh.loadedAt = this.#clock();
      },
      () => {
        if (this.#entries.get(key) === fresh) this.#entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
