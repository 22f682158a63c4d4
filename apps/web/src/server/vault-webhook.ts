import {
  type DeliveryExpectations,
  hasBearerSecret,
  ingestChainhookDelivery,
  isAppError,
  parseChainhookDelivery,
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
 * network, or another chainhook than the configured one (`expected`), is a 400 (M7).
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
  // The sender is authenticated first, and one Chainhook block can be larger than a form post.
  const read = await readJsonBody(req, WEBHOOK_MAX_BODY_BYTES);
  if ('response' in read) return read.response;
  try {
    const delivery = parseChainhookDelivery(read.body, contracts, expected);
    return Response.json(await ingestChainhookDelivery(await db(), delivery));
  } catch (error) {
    if (isAppError(error) && error.code === 'BAD_REQUEST')
      return Response.json({ error: error.message }, { status: 400 });
    if (isAppError(error) && (error.code === 'INVALID_STATE' || error.code === 'INSUFFICIENT_FUNDS'))
      return Response.json({ error: error.message, retry: true }, { status: 409 });
    throw error;
  }
}
