/*
 * Renders the chain side of a deployment for one network, so that operators never hand-edit it:
 *
 *   pnpm --filter @bithedge/contracts render:deployment plan --network testnet [--deployer ST…] \
 *     [--operator ST…] [--quote-key 02…]
 *     rewrites deployments/default.testnet-plan.yaml for that deployer (default: the one the
 *     committed plan names, e.g. after a contract changed), with the owner's set-operator /
 *     set-quote-key calls when given (then
 *     `clarinet deployments apply -p deployments/default.testnet-plan.yaml`);
 *
 *   VAULT_WEBHOOK_SECRET=… pnpm --filter @bithedge/contracts render:deployment chainhooks \
 *     --network testnet [--deployer ST…] --app-url https://app.example [--start-block N]
 *     writes chainhooks/rendered/testnet/: the two v1 predicates (they hold the secret: the folder
 *     is git-ignored) and the Chainhooks 2.0 registration body.
 *
 * The secret is read from the environment, never from the command line (shell history).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  chainhookTemplateFiles,
  PUBLIC_NETWORKS,
  type PublicNetwork,
  parseClarinetManifest,
  planDeployer,
  planOwnerSettings,
  renderDeploymentPlan,
  renderV1Predicate,
  renderV2Registration,
} from '../src/deployment';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    network: { type: 'string' },
    deployer: { type: 'string' },
    'app-url': { type: 'string' },
    'start-block': { type: 'string' },
    operator: { type: 'string' },
    'quote-key': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [command] = positionals;
const network = values.network as PublicNetwork;
if (!PUBLIC_NETWORKS.includes(network)) fail(`--network: one of ${PUBLIC_NETWORKS.join(', ')}`);
const planPath = join(root, 'deployments', `default.${network}-plan.yaml`);
// Without --deployer, the deployer (and owner settings) of the committed plan: re-rendering it
// in place after a contract changed is then one command.
const committed = values.deployer === undefined ? readFileSync(planPath, 'utf8') : undefined;
const deployer = values.deployer ?? planDeployer(committed!);
const owner = committed
  ? { ...planOwnerSettings(committed), ...definedOnly(values.operator, values['quote-key']) }
  : { operator: values.operator, quoteKey: values['quote-key'] };

function definedOnly(operator: string | undefined, quoteKey: string | undefined) {
  return { ...(operator === undefined ? {} : { operator }), ...(quoteKey === undefined ? {} : { quoteKey }) };
}

try {
  if (command === 'plan') {
    const plan = renderDeploymentPlan({
      network,
      deployer,
      contracts: parseClarinetManifest(readFileSync(join(root, 'Clarinet.toml'), 'utf8')),
      sourceLength: (path) => readFileSync(join(root, path)).length,
      ...owner,
    });
    writeFileSync(planPath, plan);
    console.log(`wrote ${planPath} for deployer ${deployer}`);
  } else if (command === 'chainhooks') {
    const input = {
      network,
      deployer,
      appUrl: values['app-url'] ?? fail('--app-url: the app’s public origin (APP_URL)'),
      secret: process.env.VAULT_WEBHOOK_SECRET,
      startBlock: values['start-block'] === undefined ? undefined : Number(values['start-block']),
    };
    const template = (file: string) => JSON.parse(readFileSync(join(root, 'chainhooks', file), 'utf8'));
    const outDir = join(root, 'chainhooks', 'rendered', network);
    mkdirSync(join(outDir, 'v1'), { recursive: true });
    mkdirSync(join(outDir, 'v2'), { recursive: true });
    const files = chainhookTemplateFiles(network);
    for (const file of files.v1)
      writeFileSync(
        join(outDir, file),
        `${JSON.stringify(renderV1Predicate(template(file), input), null, 2)}\n`,
      );
    writeFileSync(
      join(outDir, files.v2),
      `${JSON.stringify(renderV2Registration(template(files.v2), input), null, 2)}\n`,
    );
    console.log(`wrote ${outDir}`);
  } else {
    fail('usage: render-deployment plan|chainhooks --network testnet|mainnet --deployer <address> …');
  }
} catch (error) {
  // A refusal names the flag (deployer, operator, quoteKey, appUrl, secret…): no stack needed.
  fail(error instanceof Error ? error.message : String(error));
}
