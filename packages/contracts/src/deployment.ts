import { createHash } from 'node:crypto';
import { getAddressFromPublicKey } from '@stacks/transactions';
import { CONTRACT_NAMES, type Network, SBTC_CONTRACTS } from './contract-ids';
import { isPrincipal } from './principal';

/*
 * The chain side of a deployment, rendered from one place: the Clarinet deployment plans for
 * testnet and mainnet (`deployments/default.<network>-plan.yaml`) and the Chainhook registrations
 * (`chainhooks/`). Pure functions over strings: the CLI (`scripts/render-deployment.ts`) reads the
 * files and writes the results, the tests check the committed files against the same functions.
 */

/** The networks the contracts are published to by a plan (devnet is the local chain). */
export const PUBLIC_NETWORKS = ['testnet', 'mainnet'] as const;
export type PublicNetwork = Exclude<Network, 'devnet'>;

/**
 * The deployer the committed plans name until an operator renders them for the real one: the boot
 * address, for which no key exists, so `clarinet deployments apply` cannot sign a plan that still
 * names it (Clarinet only signs for accounts derived from the settings mnemonic).
 */
export const PLACEHOLDER_DEPLOYER: Record<PublicNetwork, string> = {
  testnet: 'ST000000000000000000002AMW42H',
  mainnet: 'SP000000000000000000002Q6VF78',
};

/** The Stacks API a plan is applied through (Clarinet's `stacks-node`; also in settings/<Network>.toml). */
export const STACKS_NODE_URLS: Record<PublicNetwork, string> = {
  testnet: 'https://api.testnet.hiro.so',
  mainnet: 'https://api.hiro.so',
};

/**
 * What a plan publishes, in dependency order: the trait, the vault (uses it), the registry (calls
 * the vault). Never `mock-sbtc`: anyone may mint it, and both public networks have the real sBTC
 * (`SBTC_CONTRACTS`), which the plan names to the vault instead.
 */
export const PUBLISHED_CONTRACTS = ['sip-010-trait', CONTRACT_NAMES.vault, CONTRACT_NAMES.registry] as const;

/** micro-STX per byte of contract source: Clarinet's `deployment_fee_rate` default, as in settings/. */
export const DEPLOYMENT_FEE_RATE = 10;
/** The fee of each wiring call (a ~300-byte contract call): generous, so the plan does not stall. */
export const WIRING_CALL_FEE = 10_000;

/** A contract as `Clarinet.toml` declares it. */
export interface ManifestContract {
  name: string;
  path: string;
  clarityVersion: number;
  epoch: string;
}

/** The `[contracts.<name>]` tables of a Clarinet.toml (path, clarity_version, epoch), in file order. */
export function parseClarinetManifest(toml: string): ManifestContract[] {
  const contracts: ManifestContract[] = [];
  for (const table of toml.split(/^\[/m).slice(1)) {
    const name = /^contracts\.([a-z0-9-]+)\]/.exec(table)?.[1];
    if (!name) continue;
    const field = (key: string) => new RegExp(`^${key}\\s*=\\s*"?([^"\\n]+)"?`, 'm').exec(table)?.[1];
    const path = field('path');
    const clarityVersion = Number(field('clarity_version'));
    const epoch = field('epoch');
    if (!path || !Number.isInteger(clarityVersion) || !epoch)
      throw new Error(`Clarinet.toml: [contracts.${name}] needs path, clarity_version and epoch`);
    contracts.push({ name, path, clarityVersion, epoch });
  }
  return contracts;
}

/** A contract-call the plan makes once the contracts are confirmed. */
export interface WiringCall {
  contract: string;
  method: string;
  /** Clarity literals, as Clarinet evaluates them. */
  parameters: string[];
}

/** The owner's optional settings a plan may also make: rotatable, so safe to make at deploy time. */
export interface OwnerSettings {
  /** The operator's address (`OPERATOR_PRIVATE_KEY`'s); unset, the deployer stays the operator. */
  operator?: string | undefined;
  /** The compressed public key of `QUOTE_SIGNING_KEY` (33 bytes hex); the registry sells nothing without it. */
  quoteKey?: string | undefined;
}

/**
 * The owner's calls right after publishing. First the vault's two set-once settings, so that no
 * window exists in which the owner key must still act: the registry that may lock and pay
 * collateral, and the sBTC token deposits are taken in (the network's real sBTC). Then, when
 * given, the operator and the registry's quote key (both rotatable later with the same calls).
 */
export function wiringCalls(
  network: PublicNetwork,
  deployer: string,
  owner: OwnerSettings = {},
): WiringCall[] {
  const vault = `${deployer}.${CONTRACT_NAMES.vault}`;
  const registry = `${deployer}.${CONTRACT_NAMES.registry}`;
  const calls = [
    { contract: vault, method: 'set-registry', parameters: [`'${registry}`] },
    { contract: vault, method: 'set-sbtc-token', parameters: [`'${SBTC_CONTRACTS[network]}`] },
  ];
  if (owner.operator !== undefined) {
    checkDeployer(network, owner.operator, 'operator');
    calls.push({ contract: vault, method: 'set-operator', parameters: [`'${owner.operator}`] });
  }
  if (owner.quoteKey !== undefined) {
    const key = owner.quoteKey.replace(/^0x/, '').toLowerCase();
    if (!/^0[23][0-9a-f]{64}$/.test(key))
      throw new Error('quoteKey: a compressed secp256k1 public key (33 bytes hex, 02/03…)');
    // The environment refuses a quote key equal to the operator key (docs/trust-model.md).
    if (owner.operator && getAddressFromPublicKey(key, network) === owner.operator)
      throw new Error('quoteKey: must not be the operator’s key');
    calls.push({ contract: registry, method: 'set-quote-key', parameters: [`0x${key}`] });
  }
  return calls;
}

/** The owner settings a rendered plan makes, read back from its calls (to re-render it). */
export function planOwnerSettings(plan: string): OwnerSettings {
  const param = (method: string) =>
    new RegExp(`method: ${method}\\n\\s+parameters:\\n\\s+- "'?([^"]+)"`).exec(plan)?.[1];
  return { operator: param('set-operator'), quoteKey: param('set-quote-key')?.replace(/^0x/, '') };
}

/** Refuses a deployer that is not a standard address of the network (SP/SM mainnet, ST/SN testnet). */
export function checkDeployer(network: PublicNetwork, deployer: string, field = 'deployer'): void {
  const prefix = network === 'mainnet' ? /^S[PM]/ : /^S[TN]/;
  if (!isPrincipal(deployer) || deployer.includes('.') || !prefix.test(deployer))
    throw new Error(`${field}: ${deployer} is not a ${network} standard address`);
}

export interface PlanInput extends OwnerSettings {
  network: PublicNetwork;
  deployer: string;
  /** The project's contracts (`parseClarinetManifest`); only `PUBLISHED_CONTRACTS` are published. */
  contracts: ManifestContract[];
  /** The byte length of a contract's source, by its manifest path: Clarinet's fee basis. */
  sourceLength: (path: string) => number;
}

/**
 * The Clarinet deployment plan of a public network, in the layout `clarinet deployments generate`
 * writes (internally tagged `transaction-type`, Clarinet ≥ 3.14): batch 0 publishes the contracts
 * (fee = rate × source bytes, as Clarinet computes it), batch 1 makes the owner's calls. Clarinet applies
 * batches in order and waits for each to be confirmed, so the calls find the contracts deployed.
 */
export function renderDeploymentPlan({
  network,
  deployer,
  contracts,
  sourceLength,
  ...owner
}: PlanInput): string {
  checkDeployer(network, deployer);
  const published = PUBLISHED_CONTRACTS.map((name) => {
    const contract = contracts.find((c) => c.name === name);
    if (!contract) throw new Error(`Clarinet.toml declares no contract ${name}`);
    return contract;
  });
  const epochs = new Set(published.map((c) => c.epoch));
  if (epochs.size !== 1) throw new Error('the published contracts must share one epoch');
  const epoch = published[0]!.epoch;
  const lines = [
    '---',
    'id: 0',
    `name: ${network === 'testnet' ? 'Testnet' : 'Mainnet'} deployment`,
    `network: ${network}`,
    `stacks-node: ${STACKS_NODE_URLS[network]}`,
    'plan:',
    '  batches:',
    '  - id: 0',
    '    transactions:',
    ...published.flatMap((c) => [
      '    - transaction-type: contract-publish',
      `      contract-name: ${c.name}`,
      `      expected-sender: ${deployer}`,
      `      cost: ${DEPLOYMENT_FEE_RATE * sourceLength(c.path)}`,
      `      path: ${c.path}`,
      '      anchor-block-only: true',
      `      clarity-version: ${c.clarityVersion}`,
    ]),
    `    epoch: '${epoch}'`,
    '  - id: 1',
    '    transactions:',
    ...wiringCalls(network, deployer, owner).flatMap((call) => [
      '    - transaction-type: contract-call',
      `      contract-id: ${call.contract}`,
      `      expected-sender: ${deployer}`,
      `      method: ${call.method}`,
      '      parameters:',
      ...call.parameters.map((p) => `      - "${p}"`),
      `      cost: ${WIRING_CALL_FEE}`,
      '      anchor-block-only: true',
    ]),
    `    epoch: '${epoch}'`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The deployer a rendered plan names (every transaction's `expected-sender`, which must agree). */
export function planDeployer(plan: string): string {
  const senders = new Set([...plan.matchAll(/expected-sender: (\S+)/g)].map((m) => m[1]!));
  if (senders.size !== 1) throw new Error(`a plan names one deployer, this one ${senders.size}`);
  return [...senders][0]!;
}

// ---- Chainhook registrations

/** The webhook every registration posts to, on the app's origin. */
export const VAULT_WEBHOOK_PATH = '/api/webhooks/vault';

/** The placeholders the templates under chainhooks/ carry, and what fills them. */
export const CHAINHOOK_PLACEHOLDERS = {
  deployer: '<DEPLOYER>',
  appUrl: '<APP_URL>',
  secret: '<VAULT_WEBHOOK_SECRET>',
  uuid: '<UUID>',
} as const;

export interface ChainhookInput {
  network: PublicNetwork;
  deployer: string;
  /** The app's public origin (`APP_URL`); the webhook path is appended. */
  appUrl: string;
  /** `VAULT_WEBHOOK_SECRET` (self-hosted v1 only: Chainhooks 2.0 sends its own consumer secret). */
  secret?: string | undefined;
  /** The block the vault was deployed in: v1 scans from there instead of from genesis. */
  startBlock?: number | undefined;
}

/** The origin of `APP_URL` (http or https; any path dropped): the webhook URL is built on it. */
export function appOrigin(appUrl: string): string {
  const url = new URL(appUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`appUrl: ${appUrl} is not http(s)`);
  return url.origin;
}

/** Where a registration posts: the webhook route on the app's origin. */
export function webhookUrl(appUrl: string): string {
  return `${appOrigin(appUrl)}${VAULT_WEBHOOK_PATH}`;
}

/**
 * A v1 predicate's uuid, derived from the network and the contract it watches: stable across
 * re-renders (re-registering the same predicate is refused as "uuid already in use" rather than
 * doubling deliveries) and distinct per deployment.
 */
export function predicateUuid(network: PublicNetwork, contractId: string): string {
  const h = createHash('sha256').update(`bithedge:${network}:${contractId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Fills a template's placeholders (in string values only, in one pass, so a value is never itself
 * searched for placeholders and a secret with JSON metacharacters stays one string), refusing a
 * placeholder it has no value for: a half-rendered registration would post to "<APP_URL>" or
 * authenticate with the placeholder.
 */
export function fillTemplate(template: unknown, values: Record<string, string>): unknown {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.replace(/<[A-Z_]+>/g, (placeholder) => {
        const value = values[placeholder];
        if (value === undefined) throw new Error(`template placeholder ${placeholder} has no value`);
        return value;
      });
    if (Array.isArray(v)) return v.map(fill);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, fill(val)]));
    return v;
  };
  return fill(template);
}

/** A self-hosted (v1) predicate template rendered for one deployment. */
export function renderV1Predicate(template: unknown, input: ChainhookInput): Record<string, unknown> {
  checkDeployer(input.network, input.deployer);
  if (!input.secret || input.secret.length < 16)
    throw new Error('secret: VAULT_WEBHOOK_SECRET (at least 16 characters) is required for a v1 predicate');
  const spec = (template as { networks?: Record<string, { if_this?: { contract_identifier?: string } }> })
    .networks?.[input.network];
  const watched = spec?.if_this?.contract_identifier;
  if (!watched) throw new Error(`template: not a v1 predicate for ${input.network}`);
  const contract = watched.replace(CHAINHOOK_PLACEHOLDERS.deployer, input.deployer);
  const filled = fillTemplate(template, {
    [CHAINHOOK_PLACEHOLDERS.deployer]: input.deployer,
    [CHAINHOOK_PLACEHOLDERS.appUrl]: appOrigin(input.appUrl),
    [CHAINHOOK_PLACEHOLDERS.secret]: input.secret,
    [CHAINHOOK_PLACEHOLDERS.uuid]: predicateUuid(input.network, contract),
  }) as { networks: Record<string, Record<string, unknown>> };
  if (input.startBlock !== undefined) {
    if (!Number.isSafeInteger(input.startBlock) || input.startBlock < 0)
      throw new Error(`startBlock: ${input.startBlock} is not a block height`);
    filled.networks[input.network]!.start_block = input.startBlock;
  }
  return filled;
}

/** The Chainhooks 2.0 registration body rendered for one deployment. */
export function renderV2Registration(template: unknown, input: ChainhookInput): Record<string, unknown> {
  checkDeployer(input.network, input.deployer);
  return fillTemplate(template, {
    [CHAINHOOK_PLACEHOLDERS.deployer]: input.deployer,
    [CHAINHOOK_PLACEHOLDERS.appUrl]: appOrigin(input.appUrl),
  }) as Record<string, unknown>;
}

/** The template files under chainhooks/, per network: one v1 predicate per watched contract, one 2.0 body. */
export function chainhookTemplateFiles(network: PublicNetwork) {
  return {
    v1: [`v1/${network}.${CONTRACT_NAMES.vault}.json`, `v1/${network}.${CONTRACT_NAMES.registry}.json`],
    v2: `v2/${network}.json`,
  };
}
