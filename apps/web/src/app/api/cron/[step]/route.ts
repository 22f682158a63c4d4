import { handleCron } from '@/server/cron';
import { getDatabase } from '@/server/db';
import { getEnv } from '@/server/env';
import { getPriceFeed } from '@/server/price-feed';
import { getQuotingContext } from '@/server/quoting';
import { getVaultChain } from '@/server/vault-chain';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(req: Request, { params }: { params: Promise<{ step: string }> }): Promise<Response> {
  const { step } = await params;
  return handleCron(req.headers.get('authorization'), step, getEnv().cronSecret, async () => ({
    db: (await getDatabase()).db,
    priceFeed: getPriceFeed(),
    now: new Date(),
    vault: await getVaultChain(),
    vaultReader: null,
    maxPriceAgeMs: getEnv().priceMaxAgeMs,
    chain: getQuotingContext().chain,
  }));
}

// Schedulers differ: Vercel cron sends GET, most others POST.
export { handler as GET, handler as POST };
