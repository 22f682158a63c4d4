import type { Database, Role } from '@bithedge/db';
import { type ChainClock, type ChainTipReader, SimulatedChainClock } from './adapters/chain-clock';
import { TtlCache } from './lib/ttl-cache';
import type { Admission, AuthConfig } from './services/auth';
import type { QuoteSigner, QuotingDeps } from './services/quotes';
import { QuoteLogSampler } from './services/quotes';

/** Who is calling: filled in from the session cookie; null for anonymous callers. */
export interface Session {
  principal: string;
  role: Role;
}

/**
 * What the transport gives the auth router: the deployment's sign-in settings, the cookie the
 * request carried, and a way to set or clear it on the response.
 */
export interface AuthTransport {
  config: AuthConfig;
  sessionToken: string | null;
  userAgent: string | null;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
  /**
   * Counts one sign-in attempt (a challenge or a sign-in) from this client against its limit
   * (M5); absent where the transport has no client to count (in-process callers, tests).
   */
  admitSignInAttempt?(): Admission;
}

/** What quoting needs besides the database; one per server, shared by its requests. */
export interface QuotingContext extends QuotingDeps {
  chain: ChainClock;
  logSampler: QuoteLogSampler;
  /** Signs quotes for purchase on chain; null (the default) where no key is configured. */
  signer: QuoteSigner | null;
}

export const DEFAULT_MAX_PRICE_AGE_MS = 15 * 60_000;
/** Roughly the 3-month US Treasury bill rate in 2026. */
export const DEFAULT_RISK_FREE_RATE = 0.04;

export function createQuotingContext(overrides: Partial<QuotingContext> = {}): QuotingContext {
  return {
    maxPriceAgeMs: DEFAULT_MAX_PRICE_AGE_MS,
    riskFreeRate: DEFAULT_RISK_FREE_RATE,
    now: () => new Date(),
    chain: new SimulatedChainClock(),
    logSampler: new QuoteLogSampler(),
    signer: null,
    ...overrides,
  };
}

export interface Context {
  db: Database;
  session: Session | null;
  auth: AuthTransport | null;
  quoting: QuotingContext;
  /** Where the admin page reads the chain's tip (ingestion lag); null without a node. */
  chainTip: ChainTipReader | null;
  /** The server's cache of public aggregates (`cachedPublicRead`); null: every call reads the database. */
  publicReads: TtlCache<unknown> | null;
}

/**
 * Public aggregates (pool figures, tier yields, the stress test) are the same for every caller and
 * cost set-based queries over every provider and policy. Served from a one-second cache per server,
 * any number of callers (every visitor's page polls, or a flood from anywhere) cost one query per
 * second and input, and concurrent callers share the one in flight; a figure is at most a second
 * older than its query. Keys are bounded, since callers choose the inputs.
 */
export function createPublicReadCache(): TtlCache<unknown> {
  return new TtlCache<unknown>(1_000, { maxEntries: 1_000 });
}

/**
 * `load`'s answer from the context's public-read cache under `key` (a procedure and its input), or
 * fresh when the context has none (tests, in-process callers).
 */
export function cachedPublicRead<T>(ctx: Context, key: string, load: () => Promise<T>): Promise<T> {
  return ctx.publicReads ? (ctx.publicReads.get(key, load) as Promise<T>) : load();
}

/** A cache key for an input: its JSON, bigints as their digits. */
export const inputKey = (input: unknown): string =>
  JSON.stringify(input, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));

export interface CreateContextOptions {
  db: Database;
  session?: Session | null;
  auth?: AuthTransport | null;
  quoting?: QuotingContext;
  chainTip?: ChainTipReader | null;
  publicReads?: TtlCache<unknown> | null;
}

export function createContext({
  db,
  session = null,
  auth = null,
  quoting = createQuotingContext(),
  chainTip = null,
  publicReads = null,
}: CreateContextOptions): Context {
  return { db, session, auth, quoting, chainTip, publicReads };
}
