import { type Executor, webhookDeliveries } from '@bithedge/db';
import { desc, lte } from 'drizzle-orm';
import { AppError } from '../../errors';
import type { IngestionResult } from './ingest';

/** How many delivery records are kept: each insert deletes those this many ids older. */
export const WEBHOOK_DELIVERIES_KEPT = 1_000;

/**
 * What became of a delivery: `applied` (it stored something new: an event, a rollback, a
 * quarantine), `duplicate` (a redelivery: every event was stored already), `conflict` (409, cannot
 * apply yet; Chainhook retries), `rejected` (400 or 413: it never will), `failed` (500).
 */
export type DeliveryStatus = 'applied' | 'duplicate' | 'conflict' | 'rejected' | 'failed';

export interface WebhookDeliveryRecord {
  status: DeliveryStatus;
  httpStatus: number;
  result?: IngestionResult | undefined;
  /** The heights of the blocks the delivery named, when it parsed. */
  heights?: readonly number[] | undefined;
  error?: string | undefined;
  durationMs: number;
}

/** `applied` unless the delivery carried events and every one was already stored. */
export function deliveryStatusOf(result: IngestionResult): 'applied' | 'duplicate' {
  const changed =
    result.newEvents + result.rolledBackEvents + result.quarantinedEvents + result.rolledBackBlocks > 0;
  return !changed && result.duplicateEvents > 0 ? 'duplicate' : 'applied';
}

/**
 * Records one delivery's outcome (never its body) and trims the table to about the newest
 * `WEBHOOK_DELIVERIES_KEPT` rows. Keeping a count rather than a period bounds the table however
 * busy the chain is, with no scheduled step: the delete is a range on the primary key, usually
 * of one row. Two statements without a transaction: a lost trim is made up by the next insert.
 */
export async function recordWebhookDelivery(
  db: Executor,
  record: WebhookDeliveryRecord,
  kept = WEBHOOK_DELIVERIES_KEPT,
): Promise<void> {
  const heights = record.heights ?? [];
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      status: record.status,
      httpStatus: record.httpStatus,
      appliedBlocks: record.result?.appliedBlocks ?? 0,
      rolledBackBlocks: record.result?.rolledBackBlocks ?? 0,
      newEvents: record.result?.newEvents ?? 0,
      duplicateEvents: record.result?.duplicateEvents ?? 0,
      minHeight: heights.length ? Math.min(...heights) : null,
      maxHeight: heights.length ? Math.max(...heights) : null,
      // An error message can quote a large part of the payload: the gist is enough.
      error: record.error?.slice(0, 500) ?? null,
      durationMs: Math.max(0, Math.round(record.durationMs)),
    })
    .returning({ id: webhookDeliveries.id });
  if (row) await db.delete(webhookDeliveries).where(lte(webhookDeliveries.id, row.id - BigInt(kept)));
}

export interface WebhookDelivery {
  id: bigint;
  receivedAt: Date;
  status: DeliveryStatus;
  httpStatus: number;
  appliedBlocks: number;
  rolledBackBlocks: number;
  newEvents: number;
  duplicateEvents: number;
  minHeight: number | null;
  maxHeight: number | null;
  error: string | null;
  durationMs: number;
}

export const MAX_DELIVERIES_LISTED = 100;

/** The latest recorded deliveries, newest first (`limit` 1–100). */
export async function listWebhookDeliveries(db: Executor, limit = 20): Promise<WebhookDelivery[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERIES_LISTED)
    throw new AppError('BAD_REQUEST', `limit: must be a whole number from 1 to ${MAX_DELIVERIES_LISTED}`);
  const rows = await db.select().from(webhookDeliveries).orderBy(desc(webhookDeliveries.id)).limit(limit);
  return rows.map((r) => ({ ...r, status: r.status as DeliveryStatus }));
}
