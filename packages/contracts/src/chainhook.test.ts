import { Cl, serializeCV } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { parseChainDelivery } from './chainhook';
import { chainhooksV2Payload, printBlock } from './simnet';

const VAULT = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.liquidity-pool-vault';
const OTHER = 'SP3FBR2AGK5H9QBDH3EEN6DF8EK8JY7RX8QJ5SVTE.some-dex';
const WATCHED = new Set([VAULT]);
const ours = Cl.tuple({ event: Cl.stringAscii('quote-key'), key: Cl.stringAscii('k') });
const raw = `0x${serializeCV(ours)}`;

/** One of our vault's print events plus `extra` events in the same transaction. */
function v1With(extra: unknown[]) {
  const block = printBlock(VAULT, 7, 'shapes', [[ours]]);
  const tx = block.transactions[0]!;
  return {
    apply: [
      {
        ...block,
        transactions: [
          {
            ...tx,
            metadata: { ...tx.metadata, receipt: { events: [...tx.metadata.receipt.events, ...extra] } },
          },
        ],
      },
    ],
    rollback: [],
  };
}

function v2With(extra: unknown[]) {
  const payload = chainhooksV2Payload([printBlock(VAULT, 7, 'shapes', [[ours]]) as never]);
  const tx = payload.event.apply[0]!.transactions[0]!;
  (tx.operations as unknown[]).push(...extra);
  return payload;
}

// Shapes Chainhook sends for contracts and event types we do not consume (or garbage in them).
const foreignV1: [string, unknown][] = [
  [
    'an older value-form print of another contract',
    {
      type: 'SmartContractEvent',
      position: { index: 1 },
      data: { contract_identifier: OTHER, topic: 'print', value: { amount: 1 } },
    },
  ],
  [
    'a print of another contract with garbage fields',
    { type: 'SmartContractEvent', position: 'x', data: { contract_identifier: OTHER, raw_value: 42 } },
  ],
  ['a non-print event', { type: 'STXTransferEvent', position: { index: 2 }, data: { amount: 'lots' } }],
  ['an NFT event without data', { type: 'NFTMintEvent' }],
  ['an event of no known type', { kind: 'weird', nested: [1, 2, 3] }],
  ['not an object at all', 'garbage'],
  ['null', null],
];
const foreignV2: [string, unknown][] = [
  [
    'a contract_log of another contract in the value-only form',
    {
      type: 'contract_log',
      operation_identifier: { index: 5 },
      metadata: { contract_identifier: OTHER, topic: 'print', value: { repr: '(tuple)' } },
    },
  ],
  [
    'a contract_log of another contract without metadata',
    { type: 'contract_log', metadata: { contract_identifier: OTHER } },
  ],
  ['a token transfer with garbage', { type: 'token_transfer', amount: [] }],
  ['an operation of no known type', { foo: 'bar' }],
  ['a number', 17],
];

describe('delivery parsing ignores what ingestion does not consume', () => {
  it.each(foreignV1)('self-hosted shape: %s never fails the delivery', (_label, extra) => {
    const parsed = parseChainDelivery(v1With([extra]), WATCHED);
    expect(parsed.success).toBe(true);
    if (parsed.success)
      expect(parsed.data.apply[0]!.prints.map((p) => [p.contractId, p.rawValue])).toEqual([[VAULT, raw]]);
  });

  it.each(foreignV2)('2.0 shape: %s never fails the delivery', (_label, extra) => {
    const parsed = parseChainDelivery(v2With([extra]), WATCHED);
    expect(parsed.success).toBe(true);
    if (parsed.success)
      expect(parsed.data.apply[0]!.prints.map((p) => [p.contractId, p.rawValue])).toEqual([[VAULT, raw]]);
  });

  it('still validates our own contract’s events strictly, naming the field', () => {
    const malformed = {
      type: 'SmartContractEvent',
      position: { index: 3 },
      data: { contract_identifier: VAULT, topic: 'print', value: { amount: 1 } },
    };
    const v1 = parseChainDelivery(v1With([malformed]), WATCHED);
    expect(v1.success).toBe(false);
    if (!v1.success)
      expect(v1.error.issues[0]?.path.join('.')).toBe(
        'apply.0.transactions.0.metadata.receipt.events.1.data.raw_value',
      );
    const v2 = parseChainDelivery(
      v2With([
        {
          type: 'contract_log',
          operation_identifier: { index: 9 },
          metadata: { contract_identifier: VAULT, topic: 'print', value: 'nope' },
        },
      ]),
      WATCHED,
    );
    expect(v2.success).toBe(false);
    if (!v2.success)
      expect(v2.error.issues[0]?.path.join('.')).toMatch(
        /^event\.apply\.0\.transactions\.0\.operations\.2\./,
      );
  });

  it('carries the parent hash, the chainhook uuid and the network for the checks ingestion makes', () => {
    const v2 = parseChainDelivery(v2With([]), WATCHED);
    expect(v2.success && [v2.data.network, v2.data.chainhookUuid]).toEqual([
      'testnet',
      'be4ab3ed-b606-4fe0-97c4-6c0b1ac9b185',
    ]);
    const block = {
      ...printBlock(VAULT, 8, 'p', [[ours]]),
      parent_block_identifier: { index: 7, hash: '0xaa' },
    };
    const v1 = parseChainDelivery({ apply: [block], rollback: [], chainhook: { uuid: 'u-1' } }, WATCHED);
    expect(v1.success && [v1.data.apply[0]!.parentHash, v1.data.chainhookUuid, v1.data.network]).toEqual([
      '0xaa',
      'u-1',
      undefined,
    ]);
  });
});
