import { type Executor, premiumCalculations } from '@bithedge/db';

/**
 * Which quote requests reach `premium_calculations`. The /protect page re-quotes as the user
 * types, so logging every request would flood the table with near-duplicates: a caller (principal,
 * or one shared key for anonymous callers) is logged at most once per `intervalMs`, and never
 * twice in a row for the same parameters. Saved quotes are stored in full in `quotes` anyway.
 */
export class QuoteLogSampler {
  readonly #intervalMs: number;
  readonly #maxKeys: number;
  readonly #last = new Map<string, { at: number; fingerprint: string }>();

  constructor(intervalMs = 5_000, maxKeys = 10_000) {
    this.#intervalMs = intervalMs;
    this.#maxKeys = maxKeys;
  }

  shouldLog(caller: string, fingerprint: string, now: number): boolean {
    const last = this.#last.get(caller);
    if (last && (now - last.at < this.#intervalMs || last.fingerprint === fingerprint)) return false;
    // Bounded memory: the oldest entry goes first (Map keeps insertion order).
    if (!last && this.#last.size >= this.#maxKeys) {
      const oldest = this.#last.keys().next().value;
      if (oldest !== undefined) this.#last.delete(oldest);
    }
    this.#last.delete(caller);
    this.#last.set(caller, { at: now, fingerprint });
    return true;
  }
}

export async function logPremiumCalculation(
  db: Executor,
  row: { principal: string | null; params: unknown; result: unknown; premiumUsd: bigint },
): Promise<void> {
  await db.insert(premiumCalculations).values(row);
}
