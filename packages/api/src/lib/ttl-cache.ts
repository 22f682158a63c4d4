/**
 * A tiny read-through cache: each key's value is loaded at most once per `ttlMs`, and concurrent
 * readers of a missing key share one load. Used for the inputs every quote reads (latest prices,
 * active risk parameters), which change at most once a minute but are read on every keystroke.
 */
export class TtlCache<T> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { at: number; value: Promise<T> }>();

  /**
   * `maxEntries` bounds the keys kept where callers choose them (a public input): beyond it the
   * oldest loads go first, so a flood of distinct keys cannot grow the cache.
   */
  constructor(ttlMs: number, { maxEntries = Number.POSITIVE_INFINITY }: { maxEntries?: number } = {}) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && now - entry.at < this.#ttlMs) return entry.value;
    const value = load();
    // Re-inserted, so the map's order is the order of loads: the first key is the oldest.
    this.#entries.delete(key);
    this.#entries.set(key, { at: now, value });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
    // A failed load is not cached: the next reader tries again.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
