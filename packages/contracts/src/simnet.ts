import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { initSimnet, type Simnet } from '@stacks/clarinet-sdk';
import { Cl, type ClarityValue, serializeCV } from '@stacks/transactions';
import { type PlainValue, toPlain } from './clarity-value';

// Computed on use: bundlers that move this module may not give it a file URL.
const defaultManifest = () => fileURLToPath(new URL('../Clarinet.toml', import.meta.url));

/**
 * A fresh simnet with the project deployed as a deployment would wire it: the vault's registry
 * and its sBTC token (here the mock) are set, once each. Bundlers move this module, so an app
 * passes the manifest's real path. `wire: false` leaves both unset, for tests of the unset state.
 */
export async function freshSimnet(
  manifestPath: string = defaultManifest(),
  options: { wire?: boolean } = {},
): Promise<Simnet> {
  const simnet = await initSimnet(manifestPath);
  if (options.wire === false) return simnet;
  const deployer = simnet.getAccounts().get('deployer') as string;
  for (const [fn, contract] of [
    ['set-registry', 'policy-registry'],
    ['set-sbtc-token', 'mock-sbtc'],
  ] as const) {
    const wired = simnet.callPublicFn(
      'liquidity-pool-vault',
      fn,
      [Cl.contractPrincipal(deployer, contract)],
      deployer,
    );
    if (wired.result.type !== 'ok') throw new Error(`${fn} failed`);
  }
  return simnet;
}

/** The `print` payloads of a call, as plain values. */
export function printed(events: { event: string; data: { value?: ClarityValue } }[]): PlainValue[] {
  return events
    .filter((e) => e.event === 'print_event' && e.data.value)
    .map((e) => toPlain(e.data.value as ClarityValue));
}

let txCounter = 0;

/**
 * Wraps the print events of simnet calls into one self-hosted Chainhook block, the shape the
 * webhook receives (each call is one transaction; ids and hashes are synthetic but well-formed).
 */
export function chainhookBlock(
  height: number,
  calls: {
    result?: ClarityValue;
    events: { event: string; data: { value?: ClarityValue; contract_identifier?: string; topic?: string } }[];
  }[],
  fork = 'a',
) {
  const hash = (n: number, tag: string) => `0x${createHash('sha256').update(`${tag}:${n}`).digest('hex')}`;
  return {
    block_identifier: { index: height, hash: hash(height, `block-${fork}`) },
    parent_block_identifier: { index: height - 1, hash: hash(height - 1, `block-${fork}`) },
    timestamp: 1_764_000_000 + height,
    transactions: calls.map((call) => ({
      transaction_identifier: { hash: hash(++txCounter, 'tx') },
      operations: [],
      metadata: {
        // A failed call reverts: it prints nothing, and Chainhook reports it as unsuccessful.
        success: call.result === undefined || call.result.type === 'ok',
        receipt: {
          events: call.events.map((e, index) =>
            e.event === 'print_event' && e.data.value
              ? {
                  type: 'SmartContractEvent',
                  position: { index },
                  data: {
                    contract_identifier: e.data.contract_identifier,
                    topic: 'print',
                    raw_value: `0x${serializeCV(e.data.value)}`,
                  },
                }
              : { type: 'STXTransferEvent', position: { index }, data: {} },
          ),
        },
      },
    })),
  };
}

/**
 * The same block as the hosted Chainhooks 2.0 payload would carry it: print events become
 * `contract_log` operations, numbered after a fee operation as 2.0 numbers them.
 */
export function toChainhooksV2Block(block: ReturnType<typeof chainhookBlock>) {
  return {
    block_identifier: block.block_identifier,
    parent_block_identifier: block.parent_block_identifier,
    timestamp: block.timestamp,
    transactions: block.transactions.map((tx) => ({
      transaction_identifier: tx.transaction_identifier,
      metadata: { type: 'contract_call', status: tx.metadata.success ? 'success' : 'abort_by_response' },
      operations: [
        { type: 'fee', operation_identifier: { index: 0 }, status: 'success' },
        ...tx.metadata.receipt.events.map((e, index) =>
          e.type === 'SmartContractEvent' && 'raw_value' in e.data
            ? {
                type: 'contract_log',
                operation_identifier: { index: index + 1 },
                status: 'success',
                metadata: {
                  contract_identifier: e.data.contract_identifier,
                  topic: e.data.topic,
                  value: { hex: e.data.raw_value, repr: '' },
                },
              }
            : { type: 'token_transfer', operation_identifier: { index: index + 1 }, status: 'success' },
        ),
      ],
    })),
  };
}

/** A Chainhooks 2.0 webhook body around applied and rolled-back blocks. */
export function chainhooksV2Payload(
  apply: ReturnType<typeof chainhookBlock>[],
  rollback: ReturnType<typeof chainhookBlock>[] = [],
) {
  return {
    event: {
      apply: apply.map(toChainhooksV2Block),
      rollback: rollback.map(toChainhooksV2Block),
      chain: 'stacks',
      network: 'testnet',
    },
    chainhook: { uuid: 'be4ab3ed-b606-4fe0-97c4-6c0b1ac9b185', name: 'bithedge-vault' },
  };
}

/**
 * A self-hosted Chainhook block of successful transactions, each carrying the given print values
 * from one contract: for tests and benchmarks that need events without running the contracts.
 * Hashes derive from `tag` and `height`, so the same arguments give the same block.
 */
export function printBlock(contractId: string, height: number, tag: string, txs: ClarityValue[][]) {
  const hash = (s: string) => `0x${createHash('sha256').update(s).digest('hex')}`;
  return {
    block_identifier: { index: height, hash: hash(`${tag}:${height}`) },
    transactions: txs.map((events, t) => ({
      transaction_identifier: { hash: hash(`${tag}:${height}:tx${t}`) },
      metadata: {
        success: true,
        receipt: {
          events: events.map((value, index) => ({
            type: 'SmartContractEvent',
            position: { index },
            data: { contract_identifier: contractId, topic: 'print', raw_value: `0x${serializeCV(value)}` },
          })),
        },
      },
    })),
  };
}
