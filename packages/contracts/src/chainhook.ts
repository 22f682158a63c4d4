import { z } from 'zod';

/*
 * Two delivery shapes reach the webhook, and both normalise to `ChainDelivery`:
 * - the self-hosted Chainhook (v1) Stacks payload: `{ apply, rollback }` blocks whose transactions
 *   carry `metadata.receipt.events` of type `SmartContractEvent`;
 * - the hosted Chainhooks 2.0 payload: `{ event: { apply, rollback, chain, network }, chainhook }`
 *   whose transactions carry `operations` of type `contract_log`.
 * Only the fields ingestion reads are required; everything else passes through untouched.
 */
const hex = (what: string) => z.string().regex(/^0x[0-9a-fA-F]*$/, `${what} must be 0x-prefixed hex`);
const BlockIdentifier = z.object({
  index: z.int().nonnegative(),
  hash: z.string().regex(/^0x[0-9a-fA-F]+$/),
});
const TxIdentifier = z.object({ hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a tx id') });

/** A schema that checks items of one `type` in full and lets every other type through. */
function strictWhen<T extends z.ZodType>(type: string, schema: T) {
  return z.looseObject({ type: z.string() }).superRefine((item, ctx) => {
    if (item.type !== type) return;
    const parsed = schema.safeParse(item);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
  });
}

// ---- v1 (self-hosted Chainhook)
const SmartContractEvent = z.object({
  type: z.literal('SmartContractEvent'),
  position: z.object({ index: z.int().nonnegative() }),
  data: z.object({ contract_identifier: z.string().min(1), topic: z.string(), raw_value: hex('raw_value') }),
});
type SmartContractEvent = z.infer<typeof SmartContractEvent>;
const V1Transaction = z.looseObject({
  transaction_identifier: TxIdentifier,
  metadata: z.looseObject({
    success: z.boolean(),
    receipt: z.looseObject({ events: z.array(strictWhen('SmartContractEvent', SmartContractEvent)) }),
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
  operation_identifier: z.object({ index: z.int().nonnegative() }),
  status: z.string().optional(),
  metadata: z.object({
    contract_identifier: z.string().min(1),
    topic: z.string(),
    // A hex string, or `{ hex, repr }` when the hook decodes Clarity values.
    value: z.union([hex('value'), z.object({ hex: hex('value.hex'), repr: z.string() })]),
  }),
});
type ContractLogOperation = z.infer<typeof ContractLogOperation>;
const V2Transaction = z.looseObject({
  transaction_identifier: TxIdentifier,
  metadata: z.looseObject({ status: z.string() }),
  operations: z.array(strictWhen('contract_log', ContractLogOperation)),
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
  /** Every print event of its successful transactions, of any contract, in order. */
  prints: PrintEvent[];
}

export interface ChainDelivery {
  format: 'chainhook-v1' | 'chainhooks-v2';
  apply: ChainBlock[];
  rollback: ChainBlock[];
}

function v1Block(block: ChainhookBlock): ChainBlock {
  const at = { blockHash: block.block_identifier.hash, blockHeight: block.block_identifier.index };
  return {
    hash: at.blockHash,
    height: at.blockHeight,
    prints: block.transactions.flatMap((tx) =>
      tx.metadata.success
        ? tx.metadata.receipt.events.flatMap((event) => {
            if (event.type !== 'SmartContractEvent') return [];
            const { position, data } = event as SmartContractEvent;
            return data.topic === 'print'
              ? [
                  {
                    ...at,
                    txId: tx.transaction_identifier.hash,
                    eventIndex: position.index,
                    contractId: data.contract_identifier,
                    rawValue: data.raw_value,
                  },
                ]
              : [];
          })
        : [],
    ),
  };
}

function v2Block(block: ChainhooksV2Block): ChainBlock {
  const at = { blockHash: block.block_identifier.hash, blockHeight: block.block_identifier.index };
  return {
    hash: at.blockHash,
    height: at.blockHeight,
    prints: block.transactions.flatMap((tx) =>
      tx.metadata.status === 'success'
        ? tx.operations.flatMap((op) => {
            if (op.type !== 'contract_log') return [];
            const { operation_identifier, metadata, status } = op as ContractLogOperation;
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
 * Parses a webhook body of either shape (the 2.0 shape is recognised by its `event` envelope).
 * Returns the zod error of the shape it was taken for when it is not valid.
 */
export function parseChainDelivery(
  body: unknown,
): { success: true; data: ChainDelivery } | { success: false; error: z.ZodError } {
  const isV2 = typeof body === 'object' && body !== null && 'event' in body;
  if (isV2) {
    const parsed = ChainhooksV2PayloadSchema.safeParse(body);
    if (!parsed.success) return parsed;
    const { apply, rollback } = parsed.data.event;
    return {
      success: true,
      data: { format: 'chainhooks-v2', apply: apply.map(v2Block), rollback: rollback.map(v2Block) },
    };
  }
  const parsed = ChainhookPayloadSchema.safeParse(body);
  if (!parsed.success) return parsed;
  const { apply, rollback } = parsed.data;
  return {
    success: true,
    data: { format: 'chainhook-v1', apply: apply.map(v1Block), rollback: rollback.map(v1Block) },
  };
}

/** The print events of a block from the given contracts, in order. */
export function printEventsOf(block: ChainBlock, contracts: ReadonlySet<string>): PrintEvent[] {
  return block.prints.filter((p) => contracts.has(p.contractId));
}
