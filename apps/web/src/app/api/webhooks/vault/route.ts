import { contractIds, watchedContracts } from '@bithedge/contracts';
import { getDatabase } from '@/server/db';
import { getEnv } from '@/server/env';
import { handleVaultWebhook } from '@/server/vault-webhook';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(req: Request): Promise<Response> {
  const env = getEnv();
  return handleVaultWebhook(
    req,
    env.vaultWebhookSecret,
    watchedContracts(contractIds(env.stacksNetwork, env.contractsDeployer)),
    async () => (await getDatabase()).db,
    { network: env.stacksNetwork, chainhookUuid: env.chainhookUuid },
  );
}
