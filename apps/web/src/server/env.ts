import { isPrincipal } from '@bithedge/contracts';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const flag = z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  ),
  PGLITE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  DB_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
  SEED_DEMO_DATA: flag,
  STACKS_NETWORK: z.preprocess(emptyAsUndefined, z.enum(['mainnet', 'testnet', 'devnet']).default('devnet')),
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
  PRICE_FEED: z.preprocess(emptyAsUndefined, z.enum(['simulated', 'pyth']).default('simulated')),
  PYTH_HERMES_URL: z.preprocess(emptyAsUndefined, z.url().default('https://hermes.pyth.network')),
  PRICE_MAX_AGE_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(10).max(86_400).default(900),
  ),
  STACKS_API_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  CONTRACTS_DEPLOYER: z.preprocess(emptyAsUndefined, z.string().optional()),
  OPERATOR_PRIVATE_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}(01)?$/, 'must be a hex private key (64 hex digits, optionally 01-suffixed)')
      .optional(),
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
  /** Demo data goes into the embedded database by default, never into PostgreSQL unless asked. */
  seedDemoData: boolean;
  stacksNetwork: 'mainnet' | 'testnet' | 'devnet';
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
  sessionTtlMs: number;
  priceFeed: { kind: 'simulated' } | { kind: 'pyth'; baseUrl: string };
  /** Quotes refuse market data older than this. */
  priceMaxAgeMs: number;
  /** A Stacks node (or the Hiro API) for the burn height; unset: a simulated clock. */
  stacksApiUrl: string | undefined;
  /** Where the vault and registry are deployed (testnet/mainnet); devnet's is fixed. */
  contractsDeployer: string | undefined;
  /** Signs the operator's calls (lock, allowance, settle, release) on testnet/mainnet. */
  operatorPrivateKey: string | undefined;
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
  const problems: string[] = [];
  const adminPrincipals = (env.ADMIN_PRINCIPALS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (env.CONTRACTS_DEPLOYER && !isPrincipal(env.CONTRACTS_DEPLOYER))
    problems.push(`CONTRACTS_DEPLOYER: ${env.CONTRACTS_DEPLOYER} is not a Stacks principal`);
  if (env.STACKS_NETWORK !== 'devnet' && !env.CONTRACTS_DEPLOYER && env.NODE_ENV === 'production')
    problems.push(`CONTRACTS_DEPLOYER: required on ${env.STACKS_NETWORK} (where the vault is deployed)`);
  for (const principal of adminPrincipals)
    if (!isPrincipal(principal)) problems.push(`ADMIN_PRINCIPALS: ${principal} is not a Stacks principal`);
  const devWallet = env.DEV_WALLET === 'true';
  if (devWallet && env.STACKS_NETWORK === 'mainnet')
    problems.push('DEV_WALLET: the demo-key wallet never runs on mainnet');
  const localChain = env.LOCAL_CHAIN === 'true';
  if (localChain && env.STACKS_NETWORK !== 'devnet')
    problems.push('LOCAL_CHAIN: the in-app simnet is a devnet; set STACKS_NETWORK=devnet');
  if (env.OPERATOR_PRIVATE_KEY && (env.STACKS_NETWORK === 'devnet' || !env.STACKS_API_URL))
    problems.push(
      'OPERATOR_PRIVATE_KEY: needs STACKS_NETWORK=testnet|mainnet and STACKS_API_URL to send its calls to',
    );
  if (env.NODE_ENV === 'production') {
    // A production server without these would accept anyone's webhooks or cron calls.
    if (!env.VAULT_WEBHOOK_SECRET) problems.push('VAULT_WEBHOOK_SECRET: required in production');
    if (!env.CRON_SECRET) problems.push('CRON_SECRET: required in production');
    // Sign-in messages name the site; a Host header is the caller's to choose, so production names it.
    if (!env.APP_URL) problems.push('APP_URL: required in production (the origin sign-in messages name)');
  }
  if (problems.length > 0)
    throw new EnvError(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    pgliteDataDir: env.PGLITE_DATA_DIR,
    dbPoolSize: env.DB_POOL_SIZE,
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA === 'true' : env.DATABASE_URL === undefined,
    stacksNetwork: env.STACKS_NETWORK,
    appUrl: env.APP_URL?.replace(/\/$/, ''),
    adminPrincipals: new Set(adminPrincipals),
    vaultWebhookSecret: env.VAULT_WEBHOOK_SECRET,
    chainhookUuid: env.CHAINHOOK_UUID,
    cronSecret: env.CRON_SECRET,
    devWallet,
    localChain,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    priceFeed:
      env.PRICE_FEED === 'pyth' ? { kind: 'pyth', baseUrl: env.PYTH_HERMES_URL } : { kind: 'simulated' },
    priceMaxAgeMs: env.PRICE_MAX_AGE_SECONDS * 1000,
    stacksApiUrl: env.STACKS_API_URL,
    contractsDeployer: env.CONTRACTS_DEPLOYER,
    operatorPrivateKey: env.OPERATOR_PRIVATE_KEY,
  };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
