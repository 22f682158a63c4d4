import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cl, getAddressFromPrivateKey, privateKeyToPublic, randomPrivateKey } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { CONTRACT_NAMES, contractIds, SBTC_CONTRACTS } from './contract-ids';
import {
  CHAINHOOK_PLACEHOLDERS,
  chainhookTemplateFiles,
  DEPLOYMENT_FEE_RATE,
  PLACEHOLDER_DEPLOYER,
  PUBLIC_NETWORKS,
  PUBLISHED_CONTRACTS,
  type PublicNetwork,
  parseClarinetManifest,
  planDeployer,
  planOwnerSettings,
  renderDeploymentPlan,
  renderV1Predicate,
  renderV2Registration,
  VAULT_WEBHOOK_PATH,
} from './deployment';
import { freshSimnet } from './simnet';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const manifest = parseClarinetManifest(read('Clarinet.toml'));
const sourceLength = (path: string) => readFileSync(join(root, path)).length;
const committedPlan = (network: PublicNetwork) => read(`deployments/default.${network}-plan.yaml`);

/** The transactions of a rendered plan, as key → value maps (parameters collected in order). */
function planTransactions(plan: string) {
  return plan
    .split('- transaction-type: ')
    .slice(1)
    .map((block) => {
      const [type = '', ...lines] = block.split('\n');
      const parameters: string[] = [];
      const fields: Record<string, string> = {};
      for (const line of lines) {
        const param = /^\s+- "(.*)"$/.exec(line);
        if (param) parameters.push(param[1]!);
        const field = /^\s+([a-z-]+): (.+)$/.exec(line);
        if (field) fields[field[1]!] = field[2]!;
      }
      return { type, parameters, field: (key: string) => fields[key] ?? '' };
    });
}

describe('deployment plans', () => {
  it.each(PUBLIC_NETWORKS)(
    'the committed %s plan is what the renderer writes for its deployer',
    (network) => {
      const plan = committedPlan(network);
      // Rendered, not hand-edited: a changed contract or Clarinet.toml fails until it is re-rendered.
      expect(plan).toBe(
        renderDeploymentPlan({ network, deployer: planDeployer(plan), contracts: manifest, sourceLength }),
      );
      expect(plan).toMatch(new RegExp(`^network: ${network}$`, 'm'));
    },
  );

  it.each(PUBLIC_NETWORKS)(
    'the %s plan publishes the trait, vault and registry as Clarinet.toml declares them, never the mock',
    (network) => {
      const txs = planTransactions(committedPlan(network));
      const published = txs.filter((t) => t.type === 'contract-publish');
      expect(published.map((t) => t.field('contract-name'))).toEqual([...PUBLISHED_CONTRACTS]);
      for (const tx of published) {
        const declared = manifest.find((c) => c.name === tx.field('contract-name'))!;
        expect(tx.field('path')).toBe(declared.path);
        expect(Number(tx.field('clarity-version'))).toBe(declared.clarityVersion);
        expect(Number(tx.field('cost'))).toBe(DEPLOYMENT_FEE_RATE * sourceLength(declared.path));
      }
      expect(committedPlan(network)).not.toContain(CONTRACT_NAMES.mockSbtc);
      expect([...committedPlan(network).matchAll(/epoch: '([\d.]+)'/g)].map((m) => m[1])).toEqual(
        [...new Set(manifest.map((c) => c.epoch))].flatMap((e) => [e, e]),
      );
    },
  );

  it.each(PUBLIC_NETWORKS)(
    'the %s plan wires the vault to its registry and the network’s real sBTC',
    (network) => {
      const plan = committedPlan(network);
      const deployer = planDeployer(plan);
      const calls = planTransactions(plan).filter((t) => t.type === 'contract-call');
      const ids = contractIds(network, deployer);
      expect(calls.map((c) => [c.field('contract-id'), c.field('method'), c.parameters])).toEqual([
        [ids.vault, 'set-registry', [`'${ids.registry}`]],
        [ids.vault, 'set-sbtc-token', [`'${ids.sbtc}`]],
      ]);
      expect(ids.sbtc).toBe(SBTC_CONTRACTS[network]);
    },
  );

  it('names the canonical testnet sBTC, not the retired dummy token (set once: a wrong one is permanent)', () => {
    expect(SBTC_CONTRACTS.testnet).toBe('SN3VMHXEN64ZZF71JQ5VESXDWTR301XTTXGF4J8F1.sbtc-token');
    expect(committedPlan('testnet')).not.toContain('ST1F7QA2MDF17S807EPA36TSS8AMEFY4KA9TVGWXT');
  });

  it('commits the plans for the keyless placeholder deployer', () => {
    for (const network of PUBLIC_NETWORKS)
      expect(planDeployer(committedPlan(network))).toBe(PLACEHOLDER_DEPLOYER[network]);
  });

  it('refuses a deployer of the other network or a contract principal', () => {
    const render = (network: PublicNetwork, deployer: string) =>
      renderDeploymentPlan({ network, deployer, contracts: manifest, sourceLength });
    expect(() => render('mainnet', PLACEHOLDER_DEPLOYER.testnet)).toThrow(/deployer: .* not a mainnet/);
    expect(() => render('testnet', PLACEHOLDER_DEPLOYER.mainnet)).toThrow(/not a testnet/);
    expect(() => render('testnet', `${PLACEHOLDER_DEPLOYER.testnet}.x`)).toThrow(/not a testnet/);
  });

  it('the owner calls succeed against the contracts as written (replayed in the simnet)', async () => {
    const simnet = await freshSimnet(undefined, { wire: false });
    const accounts = simnet.getAccounts();
    const deployer = accounts.get('deployer')!;
    const operator = accounts.get('wallet_1')!;
    const quoteKey = privateKeyToPublic(randomPrivateKey()) as string;
    const plan = renderDeploymentPlan({
      network: 'testnet',
      deployer,
      contracts: manifest,
      sourceLength,
      operator,
      quoteKey,
    });
    expect(planOwnerSettings(plan)).toEqual({ operator, quoteKey });
    const calls = planTransactions(plan).filter((t) => t.type === 'contract-call');
    expect(calls.map((c) => c.field('method'))).toEqual([
      'set-registry',
      'set-sbtc-token',
      'set-operator',
      'set-quote-key',
    ]);
    const arg = (p: string) => (p.startsWith("'") ? Cl.principal(p.slice(1)) : Cl.bufferFromHex(p));
    for (const call of calls) {
      const [, name] = call.field('contract-id').split('.');
      const args = call.parameters.map(arg);
      const result = simnet.callPublicFn(
        name!,
        call.field('method'),
        args,
        call.field('expected-sender'),
      ).result;
      expect([call.field('method'), result.type]).toEqual([call.field('method'), 'ok']);
    }
    // The vault's two settings are set once: a second apply of the plan changes neither (u113).
    for (const call of calls.slice(0, 2))
      expect(
        simnet.callPublicFn(CONTRACT_NAMES.vault, call.field('method'), call.parameters.map(arg), deployer)
          .result,
      ).toEqual(Cl.error(Cl.uint(113)));
    const get = (contract: string, fn: string) => simnet.callReadOnlyFn(contract, fn, [], deployer).result;
    expect(get(CONTRACT_NAMES.vault, 'get-registry')).toEqual(
      Cl.some(Cl.principal(`${deployer}.${CONTRACT_NAMES.registry}`)),
    );
    expect(get(CONTRACT_NAMES.vault, 'get-sbtc-token')).toEqual(
      Cl.some(Cl.principal(SBTC_CONTRACTS.testnet)),
    );
    expect(get(CONTRACT_NAMES.vault, 'get-operator')).toEqual(Cl.principal(operator));
    expect(get(CONTRACT_NAMES.registry, 'get-quote-key')).toEqual(Cl.some(Cl.bufferFromHex(quoteKey)));
  });

  it('refuses an operator of the other network, a malformed quote key, or the operator’s own key', () => {
    const privateKey = randomPrivateKey();
    const key = privateKeyToPublic(privateKey) as string;
    const render = (owner: { operator?: string; quoteKey?: string }) =>
      renderDeploymentPlan({
        network: 'testnet',
        deployer: PLACEHOLDER_DEPLOYER.testnet,
        contracts: manifest,
        sourceLength,
        ...owner,
      });
    expect(() => render({ operator: PLACEHOLDER_DEPLOYER.mainnet })).toThrow(/operator: .* not a testnet/);
    expect(() => render({ quoteKey: key.slice(2) })).toThrow(/quoteKey: a compressed/);
    expect(() => render({ quoteKey: `04${key.slice(2)}` })).toThrow(/quoteKey: a compressed/);
    expect(() =>
      render({ operator: getAddressFromPrivateKey(privateKey, 'testnet'), quoteKey: key }),
    ).toThrow(/must not be the operator/);
  });
});

describe('network settings', () => {
  it.each(['Testnet', 'Mainnet'])(
    'settings/%s.toml holds no mnemonic, only the placeholder Clarinet refuses',
    (name) => {
      const settings = read(`settings/${name}.toml`);
      const values = [...settings.matchAll(/^\s*(?:encrypted_)?mnemonic\s*=\s*"([^"]*)"/gm)].map(
        (m) => m[1]!,
      );
      expect(values).toEqual([`<YOUR PRIVATE ${name.toUpperCase()} MNEMONIC HERE>`]);
      // No 12- or 24-word phrase anywhere, commented out or not.
      expect(settings).not.toMatch(/\b(?:[a-z]{3,8} ){11,23}[a-z]{3,8}\b/);
    },
  );
});

describe('chainhook templates', () => {
  const input = (network: PublicNetwork) => ({
    network,
    deployer: PLACEHOLDER_DEPLOYER[network],
    appUrl: 'https://app.example.org/ignored/path',
    secret: 'a-webhook-secret-of-32-characters',
  });
  const template = (file: string) => JSON.parse(read(`chainhooks/${file}`));

  it.each(PUBLIC_NETWORKS)(
    '%s: one v1 print_event predicate per watched contract, posting raw values to the webhook',
    (network) => {
      const ids = contractIds(network, PLACEHOLDER_DEPLOYER[network]);
      const predicates = chainhookTemplateFiles(network).v1.map((f) =>
        renderV1Predicate(template(f), input(network)),
      );
      const specs = predicates.map(
        (p) => (p as { networks: Record<string, Record<string, never>> }).networks[network]!,
      );
      expect(predicates.map((p) => Object.keys(p.networks as object))).toEqual([[network], [network]]);
      expect(specs.map((s) => s.if_this)).toEqual([
        { scope: 'print_event', contract_identifier: ids.vault, contains: '*' },
        { scope: 'print_event', contract_identifier: ids.registry, contains: '*' },
      ]);
      for (const spec of specs) {
        expect(spec.then_that).toEqual({
          http_post: {
            url: `https://app.example.org${VAULT_WEBHOOK_PATH}`,
            authorization_header: 'Bearer a-webhook-secret-of-32-characters',
          },
        });
        // Decoded values replace `raw_value`, which ingestion reads: the predicate must not ask for them.
        expect(spec.decode_clarity_values).toBe(false);
      }
      expect(new Set(predicates.map((p) => p.uuid)).size).toBe(2);
      expect(predicates.map((p) => [p.chain, p.version])).toEqual([
        ['stacks', 1],
        ['stacks', 1],
      ]);
    },
  );

  it.each(PUBLIC_NETWORKS)(
    '%s: one Chainhooks 2.0 registration logs both contracts to the webhook',
    (network) => {
      const ids = contractIds(network, PLACEHOLDER_DEPLOYER[network]);
      const body = renderV2Registration(template(chainhookTemplateFiles(network).v2), input(network));
      expect(body).toEqual({
        version: '1',
        name: `bithedge-${network}`,
        chain: 'stacks',
        network,
        filters: {
          events: [
            { type: 'contract_log', contract_identifier: ids.vault },
            { type: 'contract_log', contract_identifier: ids.registry },
          ],
        },
        action: { type: 'http_post', url: `https://app.example.org${VAULT_WEBHOOK_PATH}` },
        options: { decode_clarity_values: true, enable_on_registration: true },
      });
      // 2.0 authenticates with its own consumer secret: nothing of ours is in the body.
      expect(JSON.stringify(body)).not.toContain(input(network).secret);
    },
  );

  it('start_block is set when given, and every placeholder is filled or the render fails', () => {
    const [vaultFile] = chainhookTemplateFiles('testnet').v1;
    const rendered = renderV1Predicate(template(vaultFile!), { ...input('testnet'), startBlock: 3_512_000 });
    expect((rendered.networks as Record<string, { start_block: number }>).testnet!.start_block).toBe(
      3_512_000,
    );
    expect(JSON.stringify(rendered)).not.toMatch(/<[A-Z_]+>/);
    expect(() => renderV1Predicate(template(vaultFile!), { ...input('testnet'), secret: undefined })).toThrow(
      /secret/,
    );
    expect(() => renderV1Predicate(template(vaultFile!), { ...input('testnet'), secret: 'short' })).toThrow(
      /16 characters/,
    );
    expect(() => renderV1Predicate(template(vaultFile!), { ...input('testnet'), appUrl: 'ftp://x' })).toThrow(
      /http/,
    );
    const stray = { ...template(vaultFile!), name: `${CHAINHOOK_PLACEHOLDERS.secret}-<OTHER>` };
    expect(() => renderV1Predicate(stray, input('testnet'))).toThrow(/<OTHER> has no value/);
    expect(() =>
      renderV1Predicate(template(vaultFile!), { ...input('testnet'), network: 'mainnet' }),
    ).toThrow(/not a mainnet/);
    const mainnet = { ...input('mainnet'), deployer: PLACEHOLDER_DEPLOYER.mainnet };
    expect(() => renderV1Predicate(template(vaultFile!), mainnet)).toThrow(/not a v1 predicate for mainnet/);
    // A secret that looks like a placeholder is a value like any other, not searched again.
    const odd = renderV1Predicate(template(vaultFile!), {
      ...input('testnet'),
      secret: '<APP_URL>-0123456789abcdef',
    });
    expect(JSON.stringify(odd)).toContain('"Bearer <APP_URL>-0123456789abcdef"');
  });
});
