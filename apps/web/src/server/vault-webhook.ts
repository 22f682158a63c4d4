import { hasBearerSecret, ingestChainhookDelivery, isAppError, parseChainhookDelivery } from '@bithedge/api';
import { contractIds } from '@bithedge/contracts';
import type { Database } from '@bithedge/db';

/**
 * `POST /api/webhooks/vault`: a Chainhook delivery. 401 without the bearer secret; 400 with the
 * reason for a body that is not JSON or not a valid delivery of our contracts' events (nothing is
 * applied); otherwise the ingestion summary.
 */
export async function handleVaultWebhook(
  req: Request,
  secret: string | undefined,
  contracts: ReadonlySet<string>,
  db: () => Promise<Database>,
): Promise<Response> {
  if (!hasBearerSecret(req.headers.get('authorization'), secret))
    return Response.json(
      { error: 'Unauthorized' },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: 'The body is not JSON' }, { status: 400 });
  }
  try {
    const delivery = parseChainhookDelivery(body, contracts);
    return Response.json(await ingestChainhookDelivery(await db(), delivery));
  } catch (error) {
    if (isAppError(error) && error.code === 'BAD_REQUEST')
      return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}

/** The contracts whose events the webhook accepts on this deployment's network. */
export function watchedContracts(
  network: 'mainnet' | 'testnet' | 'devnet',
  deployer: string | undefined,
): Set<string> {
  const ids = contractIds(network, ...(deployer ? [deployer] : []));
  return new Set([ids.vault, ids.registry]);
}
