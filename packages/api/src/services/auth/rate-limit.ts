/**
 * A sliding-window limit on attempts per key (the client's address). In-process: each server
 * instance counts on its own, so N instances allow up to N times the limit; that still bounds the
 * rows an anonymous caller can make one instance write (M5), which is what it is for.
 */
export interface RateLimit {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
  /** Keys remembered at most; the least recently used go first (a flood of new keys stays bounded). */
  maxKeys?: number;
}

export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  readonly #attempts = new Map<string, number[]>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;

  constructor({ limit, windowMs, maxKeys = 10_000 }: RateLimit) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /** Counts one attempt for `key` unless the window is full; then says when the oldest one leaves it. */
  admit(key: string, now = Date.now()): Admission {
    const recent = (this.#attempts.get(key) ?? []).filter((at) => at > now - this.#windowMs);
    // Re-inserting moves the key to the end of the map's order: the front is the least recently used.
    this.#attempts.delete(key);
    if (recent.length >= this.#limit) {
      this.#attempts.set(key, recent);
      const oldest = recent[0] ?? now;
      return { admitted: false, retryAfterMs: oldest + this.#windowMs - now };
    }
    recent.push(now);
    this.#attempts.set(key, recent);
    this.#evictBeyondCapacity();
    return { admitted: true };
  }

  #evictBeyondCapacity(): void {
    for (const key of this.#attempts.keys()) {
      if (this.#attempts.size <= this.#maxKeys) return;
      this.#attempts.delete(key);
    }
  }
}

/** Sign-in attempts (challenges and sign-ins together) per client address: a sign-in takes two. */
export const SIGN_IN_RATE_LIMIT: RateLimit = { limit: 30, windowMs: 60_000 };

/** Why a call was refused over a limit: the transport turns it into `429` with `Retry-After`. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';

  constructor(readonly retryAfterMs: number) {
    super(`Too many attempts; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }

  /** Whole seconds, at least one, as the `Retry-After` header wants them. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
}
