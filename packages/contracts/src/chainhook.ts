import { z } from 'zod';

/**
 * The self-hosted Chainhook (v1) Stacks payload: only the fields ingestion reads are required;
 * everything else passes through untouched.
 */
const BlockIdentifier = z.object({
  index: z.int().nonnegative(),
  hash: z.string().regex(/^0x[0-9a-fA-F]+$/),
});

const SmartContractEvent = z.object({
  type: z.literal('SmartContractEvent'),
  position: z.object({ index: z.int().nonnegative() }),
  data: z.object({
    contract_identifier: z.string().min(1),
    topic: z.string(),
    raw_value: z.string().regex(/^0x[0-9a-fA-F]*$/, 'raw_value must be hex'),
  }),
});
type SmartContractEvent = z.infer<typeof SmartContractEvent>;
/** Any receipt event; the smart-contract ones must have the full shape ingestion reads. */
const ReceiptEvent = z.looseObject({ type: z.string() }).superRefine((event, ctx) => {
  if (event.type !== 'SmartContractEvent') return;
  const parsed = SmartContractEvent.safeParse(event);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
});
const isSmartContractEvent = (event: { type: string }): event is SmartContractEvent =>
  event.type === 'SmartContractEvent';

const Transaction = z.looseObject({
  transaction_identifier: z.object({ hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a tx id') }),
  metadata: z.looseObject({
    success: z.boolean(),
    receipt: z.looseObject({ events: z.array(ReceiptEvent) }),
  }),
});

const Block = z.looseObject({
  block_identifier: BlockIdentifier,
  parent_block_identifier: BlockIdentifier.optional(),
  timestamp: z.number().optional(),
  transactions: z.array(Transaction),
});

export const ChainhookPayloadSchema = z.looseObject({
  apply: z.array(Block),
  rollback: z.array(Block),
  chainhook: z.looseObject({ uuid: z.string() }).optional(),
});
export type ChainhookPayload = z.infer<typeof ChainhookPayloadSchema>;
export type ChainhookBlock = z.infer<typeof Block>;

/** One `print` event of a successful transaction, where it happened. */
export interface PrintEvent {
  txId: string;
  eventIndex: number;
  blockHash: string;
  blockHeight: number;
  contractId: string;
  rawValue: string;
}

/** The print events of a block's successful transactions from the given contracts, in order. */
export function printEventsOf(block: ChainhookBlock, contracts: ReadonlySet<string>): PrintEvent[] {
  return block.transactions.flatMap((tx) =>
    tx.metadata.success
      ? tx.metadata.receipt.events.flatMap((event) =>
          isSmartContractEvent(event) &&
          event.data.topic === 'print' &&
          contracts.has(event.data.contract_identifier)
            ? [
                {
                  txId: tx.transaction_identifier.hash,
                  eventIndex: event.position.index,
                  blockHash: block.block_identifier.hash,
                  blockHeight: block.block_identifier.index,
                  contractId: event.data.contract_identifier,
                  rawValue: event.data.raw_value,
                },
              ]
            : [],
        )
      : [],
  );
}
