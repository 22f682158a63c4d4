/**
 * A tiny read-through cache: each key's value is loaded at most once per `ttlMs`, and concurrent
 * readers of a missing key share one load. Used for the inputs every quote reads (latest prices,
 * active risk parameters), which change at most once a minute but are read on every keystroke.
 */
export class TtlCache<T> {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && now - entry.at < this.#ttlMs) return entry.value;
    const value = load();
    this.#entries.set(key, { at: now, value });
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
