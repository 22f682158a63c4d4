import {
  type DeliveryExpectations,
  deliveryStatusOf,
  hasBearerSecret,
  ingestChainhookDelivery,
  isAppError,
  parseChainhookDelivery,
  recordWebhookDelivery,
  type WebhookDeliveryRecord,
} from '@bithedge/api';
import type { Database } from '@bithedge/db';
import { readJsonBody, unauthorized } from './http';

/**
 * `POST /api/webhooks/vault`: a Chainhook delivery. 401 without the bearer secret; 400 with the
 * reason for a body that is not JSON or not a valid delivery of our contracts' events (nothing is
 * applied); 409 with the reason for a block that cannot apply yet — an event whose prerequisite
 * has not arrived (a settlement before its purchase) or a rollback the ledger cannot absorb — so
 * that Chainhook retries it (that block wrote nothing; blocks before it stay applied, and
 * redelivering them changes nothing); otherwise the ingestion summary. A delivery naming another
 * network, or another chainhook than the configured one (`expected`), is a 400 (M7). Every
 * authenticated delivery's outcome is recorded in `webhook_deliveries` (see `recordDelivery`).
 */
/** Deliveries carry only our contracts' transactions, but a busy block still outgrows a form post. */
export const WEBHOOK_MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function handleVaultWebhook(
  req: Request,
  secret: string | undefined,
  contracts: ReadonlySet<string>,
  db: () => Promise<Database>,
  expected: DeliveryExpectations = {},
): Promise<Response> {
  if (!hasBearerSecret(req.headers.get('authorization'), secret)) return unauthorized();
  // Only authenticated deliveries are recorded: anyone can post, and their noise is not ours to keep.
  const started = performance.now();
  const outcome = await answerDelivery(req, contracts, db, expected);
  await recordDelivery(db, { ...outcome.record, durationMs: performance.now() - started });
  if ('thrown' in outcome) throw outcome.thrown;
  return outcome.response;
}

type Answered = { record: Omit<WebhookDeliveryRecord, 'durationMs'> } & (
  | { response: Response }
  | { thrown: unknown }
);

async function answerDelivery(
  req: Request,
  contracts: ReadonlySet<string>,
  db: () => Promise<Database>,
  expected: DeliveryExpectations,
): Promise<Answered> {
  // The sender is authenticated first, and one Chainhook block can be larger than a form post.
  const read = await readJsonBody(req, WEBHOOK_MAX_BODY_BYTES);
  if ('response' in read) {
    const error = await read.response
      .clone()
      .json()
      .then((body: { error?: string }) => body.error)
      .catch(() => undefined);
    return {
      response: read.response,
      record: { status: 'rejected', httpStatus: read.response.status, error },
    };
  }
  let heights: number[] | undefined;
  try {
    const delivery = parseChainhookDelivery(read.body, contracts, expected);
    heights = [...delivery.rollback, ...delivery.apply].map((b) => b.height);
    const result = await ingestChainhookDelivery(await db(), delivery);
    return {
      response: Response.json(result),
      record: { status: deliveryStatusOf(result), httpStatus: 200, result, heights },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isAppError(error) && error.code === 'BAD_REQUEST')
      return {
        response: Response.json({ error: error.message }, { status: 400 }),
        record: { status: 'rejected', httpStatus: 400, heights, error: message },
      };
    if (isAppError(error) && (error.code === 'INVALID_STATE' || error.code === 'INSUFFICIENT_FUNDS'))
      return {
        response: Response.json({ error: error.message, retry: true }, { status: 409 }),
        record: { status: 'conflict', httpStatus: 409, heights, error: message },
      };
    return { thrown: error, record: { status: 'failed', httpStatus: 500, heights, error: message } };
  }
}

/**
 * Records the delivery for the admin page, best effort: the answer Chainhook gets depends only on
 * ingestion, so a failure to record (the database gone for a moment) is logged, never turned into
 * a failed delivery that Chainhook would retry.
 */
async function recordDelivery(db: () => Promise<Database>, record: WebhookDeliveryRecord): Promise<void> {
  try {
    await recordWebhookDelivery(await db(), record);
  } catch (error) {
    console.error('vault webhook: could not record the delivery', error);
  }
}
