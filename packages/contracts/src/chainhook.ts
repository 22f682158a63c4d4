import { z } from 'zod';

/*
 * Two delivery shapes reach the webhook, and both normalise to `ChainDelivery`:
 * - the self-hosted Chainhook (v1) Stacks payload: `{ apply, rollback }` blocks whose transactions
 *   carry `metadata.receipt.events` of type `SmartContractEvent`;
 * - the hosted Chainhooks 2.0 payload: `{ event: { apply, rollback, chain, network }, chainhook }`
 *   whose transactions carry `operations` of type `contract_log`.
 * Only the fields ingestion reads are required; everything else passes through untouched.
 */
/** Heights and event positions are stored as PostgreSQL `integer`: a larger one is malformed (400), not a 500. */
const int32Index = z.int().nonnegative().max(2_147_483_647);

const hex = (what: string) => z.string().regex(/^0x[0-9a-fA-F]*$/, `${what} must be 0x-prefixed hex`);
const BlockIdentifier = z.object({
  index: int32Index,
  hash: z.string().regex(/^0x[0-9a-fA-F]+$/),
});
const TxIdentifier = z.object({ hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a tx id') });

/*
 * Events and operations are not validated by the envelope: a block carries every contract's
 * events, of shapes and versions we do not consume (non-print events, the older `value`-form
 * print, fields we never read). Only the events of the contracts we watch are validated, strictly,
 * when the delivery is normalised (`parseChainDelivery`); everything else is skipped unread, so
 * another contract's event can never make a delivery fail.
 */
const AnyItem = z.unknown();

// ---- v1 (self-hosted Chainhook)
const SmartContractEvent = z.object({
  type: z.literal('SmartContractEvent'),
  position: z.object({ index: int32Index }),
  data: z.object({ contract_identifier: z.string().min(1), topic: z.string(), raw_value: hex('raw_value') }),
});
const V1Transaction = z.looseObject({
  transaction_identifier: TxIdentifier,
  metadata: z.looseObject({
    success: z.boolean(),
    receipt: z.looseObject({ events: z.array(AnyItem) }),
  }),
});
const V1Block = z.looseObject({
  block_identifier: BlockIdentifier,
  parent_block_identifier: BlockIdentifier.optional(),
  timestamp: z.number().optional(),
  transactions: z.array(V1Transaction),
});
export const ChainhookPayloadSchema = z.looseObject({
  apply: z.array(V1Block),
  rollback: z.array(V1Block),
  chainhook: z.looseObject({ uuid: z.string() }).optional(),
});
export type ChainhookPayload = z.infer<typeof ChainhookPayloadSchema>;
export type ChainhookBlock = z.infer<typeof V1Block>;

// ---- Chainhooks 2.0 (hosted)
const ContractLogOperation = z.object({
  type: z.literal('contract_log'),
  operation_identifier: z.object({ index: int32Index }),
  status: z.string().optional(),
  metadata: z.object({
    contract_identifier: z.string().min(1),
    topic: z.string(),
    // A hex string, or `{ hex, repr }` when the hook decodes Clarity values.
    value: z.union([hex('value'), z.object({ hex: hex('value.hex'), repr: z.string() })]),
  }),
});
const V2Transaction = z.looseObject({
  transaction_identifier: TxIdentifier,
  metadata: z.looseObject({ status: z.string() }),
  operations: z.array(AnyItem),
});
const V2Block = z.looseObject({
  block_identifier: BlockIdentifier,
  parent_block_identifier: BlockIdentifier.optional(),
  timestamp: z.number().optional(),
  transactions: z.array(V2Transaction),
});
export const ChainhooksV2PayloadSchema = z.looseObject({
  event: z.looseObject({
    apply: z.array(V2Block),
    rollback: z.array(V2Block),
    chain: z.literal('stacks'),
    network: z.string().optional(),
  }),
  chainhook: z.looseObject({ uuid: z.string() }),
});
export type ChainhooksV2Payload = z.infer<typeof ChainhooksV2PayloadSchema>;
export type ChainhooksV2Block = z.infer<typeof V2Block>;

// ---- normalised
/** One `print` event of a successful transaction, where it happened. */
export interface PrintEvent {
  txId: string;
  eventIndex: number;
  blockHash: string;
  blockHeight: number;
  contractId: string;
  rawValue: string;
}

/** A block of either shape, reduced to what ingestion needs. */
export interface ChainBlock {
  hash: string;
  height: number;
  /** The parent block's hash, when the delivery names it. */
  parentHash?: string | undefined;
  /** The print events of the watched contracts from its successful transactions, in order. */
  prints: PrintEvent[];
}

export interface ChainDelivery {
  format: 'chainhook-v1' | 'chainhooks-v2';
  apply: ChainBlock[];
  rollback: ChainBlock[];
  /** The delivering chainhook's uuid, when the payload carries it. */
  chainhookUuid?: string | undefined;
  /** The network the delivery says it is from (the 2.0 shape's `event.network`), when given. */
  network?: string | undefined;
}

type Path = (string | number)[];
type Issues = z.core.$ZodIssue[];

/** The object's string field, or undefined: for reading items we have not validated. */
function fieldOf(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys)
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/**
 * An event of a watched contract, checked in full (its issues collected under `path`); anything
 * else — another contract's event, another event type — is skipped as undefined without a look.
 */
function watchedItem<T extends z.ZodType>(
  item: unknown,
  type: string,
  contractKeys: string[],
  schema: T,
  watched: ReadonlySet<string> | undefined,
  path: Path,
  issues: Issues,
): z.infer<T> | undefined {
  if (fieldOf(item, 'type') !== type) return undefined;
  const contract = fieldOf(item, ...contractKeys);
  if (watched && !(typeof contract === 'string' && watched.has(contract))) return undefined;
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) issues.push({ ...issue, path: [...path, ...issue.path] });
  return undefined;
}

function v1Block(
  block: ChainhookBlock,
  watched: ReadonlySet<string> | undefined,
  path: Path,
  issues: Issues,
): ChainBlock {
  const at = { blockHash: block.block_identifier.hash, blockHeight: block.block_identifier.index };
  return {
    hash: at.blockHash,
    height: at.blockHeight,
    parentHash: block.parent_block_identifier?.hash,
    prints: block.transactions.flatMap((tx, t) =>
      tx.metadata.success
        ? tx.metadata.receipt.events.flatMap((item, i) => {
            const event = watchedItem(
              item,
              'SmartContractEvent',
              ['data', 'contract_identifier'],
              SmartContractEvent,
              watched,
              [...path, 'transactions', t, 'metadata', 'receipt', 'events', i],
              issues,
            );
            if (event?.data.topic !== 'print') return [];
            return [
              {
                ...at,
                txId: tx.transaction_identifier.hash,
                eventIndex: event.position.index,
                contractId: event.data.contract_identifier,
                rawValue: event.data.raw_value,
              },
            ];
          })
        : [],
    ),
  };
}

function v2Block(
  block: ChainhooksV2Block,
  watched: ReadonlySet<string> | undefined,
  path: Path,
  issues: Issues,
): ChainBlock {
  const at = { blockHash: block.block_identifier.hash, blockHeight: block.block_identifier.index };
  return {
    hash: at.blockHash,
    height: at.blockHeight,
    parentHash: block.parent_block_identifier?.hash,
    prints: block.transactions.flatMap((tx, t) =>
      tx.metadata.status === 'success'
        ? tx.operations.flatMap((item, i) => {
            const op = watchedItem(
              item,
              'contract_log',
              ['metadata', 'contract_identifier'],
              ContractLogOperation,
              watched,
              [...path, 'transactions', t, 'operations', i],
              issues,
            );
            if (!op) return [];
            const { operation_identifier, metadata, status } = op;
            if (metadata.topic !== 'print' || (status !== undefined && status !== 'success')) return [];
            return [
              {
                ...at,
                txId: tx.transaction_identifier.hash,
                // 2.0 numbers a transaction's operations; the log's operation index plays the
                // part of v1's receipt event index (a deployment uses one shape throughout).
                eventIndex: operation_identifier.index,
                contractId: metadata.contract_identifier,
                rawValue: typeof metadata.value === 'string' ? metadata.value : metadata.value.hex,
              },
            ];
          })
        : [],
    ),
  };
}

/**
 * Parses a webhook body of either shape (the 2.0 shape is recognised by its `event` envelope),
 * keeping the print events of the `watched` contracts (all contracts' when omitted), each
 * validated strictly; other contracts' events are never looked at. Returns the zod error of the
 * shape it was taken for when the envelope or a watched event is not valid.
 */
export function parseChainDelivery(
  body: unknown,
  watched?: ReadonlySet<string>,
): { success: true; data: ChainDelivery } | { success: false; error: z.ZodError } {
  const issues: Issues = [];
  const blocks = <B>(list: B[], key: string, prefix: Path, norm: typeof v1Block | typeof v2Block) =>
    list.map((b, i) => norm(b as never, watched, [...prefix, key, i], issues));
  const done = (data: ChainDelivery) =>
    issues.length > 0
      ? ({ success: false, error: new z.ZodError(issues) } as const)
      : ({ success: true, data } as const);
  const isV2 = typeof body === 'object' && body !== null && 'event' in body;
  if (isV2) {
    const parsed = ChainhooksV2PayloadSchema.safeParse(body);
    if (!parsed.success) return parsed;
    const { apply, rollback, network } = parsed.data.event;
    return done({
      format: 'chainhooks-v2',
      apply: blocks(apply, 'apply', ['event'], v2Block),
      rollback: blocks(rollback, 'rollback', ['event'], v2Block),
      chainhookUuid: parsed.data.chainhook.uuid,
      network,
    });
  }
  const parsed = ChainhookPayloadSchema.safeParse(body);
  if (!parsed.success) return parsed;
  const { apply, rollback, chainhook } = parsed.data;
  return done({
    format: 'chainhook-v1',
    apply: blocks(apply, 'apply', [], v1Block),
    rollback: blocks(rollback, 'rollback', [], v1Block),
    chainhookUuid: chainhook?.uuid,
    network: typeof parsed.data.network === 'string' ? parsed.data.network : undefined,
  });
}

/** The print events of a block from the given contracts, in order. */
export function printEventsOf(block: ChainBlock, contracts: ReadonlySet<string>): PrintEvent[] {
  return block.prints.filter((p) => contracts.has(p.contractId));
}
