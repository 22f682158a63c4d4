import { isPrincipal, NETWORKS, type Network } from '@bithedge/contracts';
import { DAY_MS } from '@bithedge/pricing';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const flag = z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional());

const privateKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}(01)?$/, 'must be a hex private key (64 hex digits, optionally 01-suffixed)');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  ),
  PGLITE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  DB_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
  SEED_DEMO_DATA: flag,
  // No default here: production must name its network (see parseEnv); elsewhere devnet.
  STACKS_NETWORK: z.preprocess(emptyAsUndefined, z.enum(NETWORKS).optional()),
  APP_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  ADMIN_PRINCIPALS: z.preprocess(emptyAsUndefined, z.string().optional()),
  VAULT_WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  // M7: the uuid of the chainhook registered for this deployment; deliveries from another are refused.
  CHAINHOOK_UUID: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  CRON_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  DEV_WALLET: flag,
  LOCAL_CHAIN: flag,
  /** The end-to-end suite's production build: lets the devnet sandbox features run under `next start`. */
  E2E: flag,
  LOCAL_CHAIN_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  PRICE_FEED: z.preprocess(emptyAsUndefined, z.enum(['simulated', 'pyth']).default('simulated')),
  PYTH_HERMES_URL: z.preprocess(emptyAsUndefined, z.url().default('https://hermes.pyth.network')),
  PYTH_API_KEY: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  PRICE_MAX_AGE_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(10)
      .max(DAY_MS / 1000)
      .default(900),
  ),
  STACKS_API_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  CONTRACTS_DEPLOYER: z.preprocess(emptyAsUndefined, z.string().optional()),
  OPERATOR_PRIVATE_KEY: z.preprocess(emptyAsUndefined, privateKey.optional()),
  QUOTE_SIGNING_KEY: z.preprocess(emptyAsUndefined, privateKey.optional()),
  // Unset: the in-process scheduler runs in development and in the end-to-end sandbox only.
  SCHEDULER: z.preprocess(
    emptyAsUndefined,
    z.enum(['internal', 'off'], { error: 'must be internal or off' }).optional(),
  ),
  SESSION_TTL_HOURS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(168),
  ),
});

export interface Env {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string | undefined;
  pgliteDataDir: string | undefined;
  dbPoolSize: number;
  /** Demo providers: by default only in development on devnet's embedded database; never in production (M3). */
  seedDemoData: boolean;
  stacksNetwork: Network;
  /** Public origin of the site; when unset (development), the request's own origin is used. */
  appUrl: string | undefined;
  adminPrincipals: ReadonlySet<string>;
  vaultWebhookSecret: string | undefined;
  /** The chainhook whose deliveries the vault webhook accepts; unset: any (behind the secret). */
  chainhookUuid: string | undefined;
  cronSecret: string | undefined;
  /** The injected demo-key wallet; never on mainnet. */
  devWallet: boolean;
  /** The contracts in an in-app simnet (development and end-to-end tests); never on mainnet. */
  localChain: boolean;
  /** Lets a non-loopback client drive `/api/local-chain` (bearer); unset: loopback clients only. */
  localChainSecret: string | undefined;
  sessionTtlMs: number;
  priceFeed: { kind: 'simulated' } | { kind: 'pyth'; baseUrl: string; apiKey: string };
  /** Quotes refuse market data older than this. */
  priceMaxAgeMs: number;
  /** A Stacks node (or the Hiro API) for the burn height; unset: a simulated clock. */
  stacksApiUrl: string | undefined;
  /** Where the vault and registry are deployed (testnet/mainnet); devnet's is fixed. */
  contractsDeployer: string | undefined;
  /** Signs the operator's calls (lock, allowance, settle, release) on testnet/mainnet. */
  operatorPrivateKey: string | undefined;
  /** Signs quotes for purchase; never the operator key, so one leak does not give both powers (M1). */
  quoteSigningKey: string | undefined;
  /**
   * `internal`: this server runs every cron step on its schedule itself (claimed per slot in
   * `job_runs`, so any number of instances may); `off`: an outside scheduler calls
   * `/api/cron/<step>` (Vercel cron). Default: internal in development and the end-to-end
   * sandbox, off in production.
   */
  scheduler: 'internal' | 'off';
}

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** Validates the environment; a bad variable stops the server with a message naming it. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid environment variables:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const network = env.STACKS_NETWORK ?? 'devnet';
  const problems: string[] = [];
  const adminPrincipals = (env.ADMIN_PRINCIPALS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  // Production names its network: a forgotten variable must not quietly mean devnet (H3).
  if (production && !env.STACKS_NETWORK) problems.push('STACKS_NETWORK: required in production');
  if (env.CONTRACTS_DEPLOYER && !isPrincipal(env.CONTRACTS_DEPLOYER))
    problems.push(`CONTRACTS_DEPLOYER: ${env.CONTRACTS_DEPLOYER} is not a Stacks principal`);
  if (network !== 'devnet' && !env.CONTRACTS_DEPLOYER && production)
    problems.push(`CONTRACTS_DEPLOYER: required on ${network} (where the vault is deployed)`);
  for (const principal of adminPrincipals)
    if (!isPrincipal(principal)) problems.push(`ADMIN_PRINCIPALS: ${principal} is not a Stacks principal`);
  const e2e = env.E2E === 'true';
  if (e2e && network !== 'devnet') problems.push('E2E: the end-to-end sandbox runs on devnet only');
  const sandbox = sandboxAllowed(production, network, e2e);
  const devWallet = env.DEV_WALLET === 'true';
  if (devWallet && network === 'mainnet')
    problems.push('DEV_WALLET: the demo-key wallet never runs on mainnet');
  else if (devWallet && !sandbox) problems.push(`DEV_WALLET: ${SANDBOX_ONLY}`);
  const localChain = env.LOCAL_CHAIN === 'true';
  if (localChain && network !== 'devnet')
    problems.push('LOCAL_CHAIN: the in-app simnet is a devnet; set STACKS_NETWORK=devnet');
  else if (localChain && !sandbox) problems.push(`LOCAL_CHAIN: ${SANDBOX_ONLY}`);
  if (env.OPERATOR_PRIVATE_KEY && (network === 'devnet' || !env.STACKS_API_URL))
    problems.push(
      'OPERATOR_PRIVATE_KEY: needs STACKS_NETWORK=testnet|mainnet and STACKS_API_URL to send its calls to',
    );
  problems.push(...priceFeedProblems(env, sandbox));
  problems.push(...quoteKeyProblems(env.OPERATOR_PRIVATE_KEY, env.QUOTE_SIGNING_KEY));
  // Fake off-chain capital must never back real policies (M3).
  if (env.SEED_DEMO_DATA === 'true' && !sandbox) problems.push(`SEED_DEMO_DATA: ${SANDBOX_ONLY}`);
  if (production) {
    // A production server without these would accept anyone's webhooks or cron calls.
    if (!env.VAULT_WEBHOOK_SECRET) problems.push('VAULT_WEBHOOK_SECRET: required in production');
    if (!env.CRON_SECRET) problems.push('CRON_SECRET: required in production');
  }
  // Sign-in messages name the site; a Host header is the caller's to choose, so real sites name it.
  if (!env.APP_URL && (production || network !== 'devnet'))
    problems.push(
      `APP_URL: required in production and on ${network === 'devnet' ? 'testnet/mainnet' : network} (the origin sign-in messages name)`,
    );
  if (problems.length > 0)
    throw new EnvError(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    pgliteDataDir: env.PGLITE_DATA_DIR,
    dbPoolSize: env.DB_POOL_SIZE,
    // By default only a development devnet on the embedded database gets the demo providers.
    seedDemoData: env.SEED_DEMO_DATA
      ? env.SEED_DEMO_DATA === 'true'
      : !production && network === 'devnet' && env.DATABASE_URL === undefined,
    stacksNetwork: network,
    appUrl: env.APP_URL?.replace(/\/$/, ''),
    adminPrincipals: new Set(adminPrincipals),
    vaultWebhookSecret: env.VAULT_WEBHOOK_SECRET,
    chainhookUuid: env.CHAINHOOK_UUID,
    cronSecret: env.CRON_SECRET,
    devWallet,
    localChain,
    localChainSecret: env.LOCAL_CHAIN_SECRET,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    priceFeed:
      env.PRICE_FEED === 'pyth'
        ? { kind: 'pyth', baseUrl: env.PYTH_HERMES_URL, apiKey: env.PYTH_API_KEY ?? '' }
        : { kind: 'simulated' },
    priceMaxAgeMs: env.PRICE_MAX_AGE_SECONDS * 1000,
    stacksApiUrl: env.STACKS_API_URL,
    contractsDeployer: env.CONTRACTS_DEPLOYER,
    operatorPrivateKey: env.OPERATOR_PRIVATE_KEY,
    quoteSigningKey: env.QUOTE_SIGNING_KEY,
    scheduler: env.SCHEDULER ?? (!production || e2e ? 'internal' : 'off'),
  };
}

const SANDBOX_ONLY =
  'development on devnet only (a production build needs E2E=true and STACKS_NETWORK=devnet, for the end-to-end suite)';

/**
 * Where the devnet sandbox (simulated prices, demo data, local chain, demo wallet) may run: a
 * development server on devnet, or the end-to-end suite's production build when it says so.
 */
function sandboxAllowed(production: boolean, network: string, e2e: boolean): boolean {
  return network === 'devnet' && (!production || e2e);
}

type ParsedEnv = z.infer<typeof EnvSchema>;

/** The simulated path is public and deterministic: anyone can compute its future prices (H3). */
function priceFeedProblems(env: ParsedEnv, sandbox: boolean): string[] {
  if (env.PRICE_FEED === 'pyth')
    return env.PYTH_API_KEY ? [] : ['PYTH_API_KEY: required when PRICE_FEED=pyth (Hermes needs a key)'];
  if (env.OPERATOR_PRIVATE_KEY)
    return ['PRICE_FEED: the simulated feed never drives an operator key (OPERATOR_PRIVATE_KEY is set)'];
  return sandbox ? [] : [`PRICE_FEED: the simulated feed is for ${SANDBOX_ONLY}; set PRICE_FEED=pyth`];
}

/** The quote key is split from the operator key (M1): one leak must not give both powers. */
function quoteKeyProblems(operatorKey: string | undefined, quoteKey: string | undefined): string[] {
  if (!operatorKey) return [];
  if (!quoteKey) return ['QUOTE_SIGNING_KEY: required with OPERATOR_PRIVATE_KEY (quotes get their own key)'];
  return sameKey(operatorKey, quoteKey) ? ['QUOTE_SIGNING_KEY: must differ from OPERATOR_PRIVATE_KEY'] : [];
}

/** The same secp256k1 key, whether or not either carries the compressed-key `01` suffix. */
function sameKey(a: string, b: string): boolean {
  const bare = (key: string) => key.toLowerCase().slice(0, 64);
  return bare(a) === bare(b);
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
