import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTRACT_NAMES, contractIds, watchedContracts } from '@bithedge/contracts';
import {
  chainhookTemplateFiles,
  PUBLIC_NETWORKS,
  type PublicNetwork,
  planDeployer,
  renderV1Predicate,
  renderV2Registration,
} from '@bithedge/contracts/deployment';
import { chainhooksV2Payload, printBlock } from '@bithedge/contracts/simnet';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { hasBearerSecret } from './services/auth';
import { parseChainhookDelivery } from './services/chain';

/*
 * The Chainhook registrations shipped in packages/contracts/chainhooks, checked against what the
 * webhook (`apps/web/src/app/api/webhooks/vault/route.ts` → `handleVaultWebhook`) actually does
 * with a delivery: the contracts it watches (`watchedContracts(contractIds(network, deployer))`),
 * the payload it parses (`parseChainhookDelivery`), the bearer check (`hasBearerSecret`), and the
 * route's path. A registration that drifts from any of them would deliver to a 404, a 401, or
 * have every event skipped as another contract's.
 */
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(repo(path), 'utf8');
const template = (file: string) => JSON.parse(read(`packages/contracts/chainhooks/${file}`));
/** The deployer the committed plan publishes from: the predicates must watch its contracts. */
const deployerOf = (network: PublicNetwork) =>
  planDeployer(read(`packages/contracts/deployments/default.${network}-plan.yaml`));

const APP_URL = 'https://bithedge.example.org';
const SECRET = 'vault-webhook-secret-0123456789';

function render(network: PublicNetwork) {
  const input = { network, deployer: deployerOf(network), appUrl: APP_URL, secret: SECRET };
  const files = chainhookTemplateFiles(network);
  const v1 = files.v1.map((f) => {
    const p = renderV1Predicate(template(f), input) as {
      uuid: string;
      networks: Record<
        string,
        {
          if_this: { scope: string; contract_identifier: string };
          then_that: { http_post: { url: string; authorization_header: string } };
          decode_clarity_values: boolean;
        }
      >;
    };
    return { uuid: p.uuid, ...p.networks[network]! };
  });
  const v2 = renderV2Registration(template(files.v2), input) as {
    network: string;
    filters: { events: { type: string; contract_identifier: string }[] };
    action: { type: string; url: string };
    options: { decode_clarity_values: boolean };
  };
  return { v1, v2, watched: watchedContracts(contractIds(network, input.deployer)) };
}

// One real event per watched contract: what the plan's wiring makes the vault print, and the
// registry's quote key.
const eventOf = (contract: string): ClarityValue =>
  contract.endsWith(`.${CONTRACT_NAMES.vault}`)
    ? Cl.tuple({
        event: Cl.stringAscii('registry'),
        registry: Cl.principal(contract.replace(/\.[^.]+$/, '.x')),
      })
    : Cl.tuple({ event: Cl.stringAscii('quote-key'), key: Cl.bufferFromHex('02'.repeat(33)) });

describe.each(PUBLIC_NETWORKS)('the %s Chainhook registrations meet the webhook', (network) => {
  const { v1, v2, watched } = render(network);

  it('watch exactly the vault and registry the plan deploys, which the webhook watches', () => {
    const deployer = deployerOf(network);
    const planned = new Set([
      `${deployer}.${CONTRACT_NAMES.vault}`,
      `${deployer}.${CONTRACT_NAMES.registry}`,
    ]);
    expect(watched).toEqual(planned);
    expect(new Set(v1.map((p) => p.if_this.contract_identifier))).toEqual(watched);
    expect(new Set(v2.filters.events.map((e) => e.contract_identifier))).toEqual(watched);
  });

  it('post to the webhook route on the app’s origin', () => {
    for (const url of [...v1.map((p) => p.then_that.http_post.url), v2.action.url]) {
      expect(new URL(url).origin).toBe(APP_URL);
      expect(new URL(url).pathname).toBe('/api/webhooks/vault');
    }
    // The App Router serves /api/webhooks/vault from this file.
    expect(existsSync(repo('apps/web/src/app/api/webhooks/vault/route.ts'))).toBe(true);
  });

  it('ask for the event kinds ingestion reads: print events (v1 print_event, 2.0 contract_log)', () => {
    expect(v1.map((p) => p.if_this.scope)).toEqual(['print_event', 'print_event']);
    expect(v2.filters.events.map((e) => e.type)).toEqual(['contract_log', 'contract_log']);
    expect(v2.action.type).toBe('http_post');
  });

  it('v1 sends the bearer secret the webhook checks, and only that one', () => {
    for (const p of v1) {
      expect(hasBearerSecret(p.then_that.http_post.authorization_header, SECRET)).toBe(true);
      expect(hasBearerSecret(p.then_that.http_post.authorization_header, `${SECRET}x`)).toBe(false);
    }
    // 2.0 sends `Authorization: Bearer <consumer secret>`: VAULT_WEBHOOK_SECRET is set to it.
    const consumerSecret = 'hiro-consumer-secret-abcdef0123456789';
    expect(hasBearerSecret(`Bearer ${consumerSecret}`, consumerSecret)).toBe(true);
  });

  it('a v1 delivery of each predicate parses, with its events kept', () => {
    for (const [i, p] of v1.entries()) {
      const contract = p.if_this.contract_identifier;
      const body = { apply: [printBlock(contract, 100 + i, network, [[eventOf(contract)]])], rollback: [] };
      const parsed = parseChainhookDelivery({ ...body, chainhook: { uuid: p.uuid } }, watched, { network });
      expect(parsed.apply[0]!.events.map((e) => [e.contractId, e.event.event])).toEqual([
        [contract, contract.endsWith(CONTRACT_NAMES.vault) ? 'registry' : 'quote-key'],
      ]);
    }
  });

  it('v1 must not decode values: a decoded print (no raw_value) of a watched contract is refused', () => {
    expect(v1.map((p) => p.decode_clarity_values)).toEqual([false, false]);
    const contract = v1[0]!.if_this.contract_identifier;
    const block = printBlock(contract, 7, network, [[eventOf(contract)]]);
    const event = block.transactions[0]!.metadata.receipt.events[0]!;
    const decoded = {
      ...event,
      data: { contract_identifier: contract, topic: 'print', value: { event: 'x' } },
    };
    block.transactions[0]!.metadata.receipt.events[0] = decoded as never;
    expect(() => parseChainhookDelivery({ apply: [block], rollback: [] }, watched)).toThrow(/raw_value/);
  });

  it('v1 registers two predicates, so CHAINHOOK_UUID (one uuid) must stay unset for it', () => {
    const [vault, registry] = v1;
    const body = {
      apply: [
        printBlock(registry!.if_this.contract_identifier, 9, network, [
          [eventOf(registry!.if_this.contract_identifier)],
        ]),
      ],
      rollback: [],
      chainhook: { uuid: registry!.uuid },
    };
    expect(vault!.uuid).not.toBe(registry!.uuid);
    expect(() => parseChainhookDelivery(body, watched, { chainhookUuid: vault!.uuid })).toThrow(
      /not the configured one/,
    );
  });

  it('a 2.0 delivery (decoded values, one chainhook for both contracts) parses under CHAINHOOK_UUID', () => {
    expect(v2.options.decode_clarity_values).toBe(true);
    const blocks = [...watched].map((c, i) => printBlock(c, 200 + i, network, [[eventOf(c)]]));
    const payload = chainhooksV2Payload(blocks as never);
    const body = {
      ...payload,
      event: { ...payload.event, network: v2.network },
      chainhook: { uuid: 'c0ffee00-0000-4000-8000-000000000001', name: 'bithedge' },
    };
    const parsed = parseChainhookDelivery(body, watched, {
      network,
      chainhookUuid: 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(parsed.apply.flatMap((b) => b.events.map((e) => e.contractId))).toEqual([...watched]);
    // The delivery's `event.network` is the registration's network, which the webhook compares.
    const other = network === 'mainnet' ? 'testnet' : 'mainnet';
    expect(() => parseChainhookDelivery(body, watched, { network: other })).toThrow(/network/);
  });
});
