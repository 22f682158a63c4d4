import { hasBearerSecret } from '@bithedge/api';
import { isPrincipal } from '@bithedge/contracts';
import type { LocalChain } from '@bithedge/contracts/local-chain';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { z } from 'zod';
import { getEnv } from '@/server/env';
import { runHealthMonitor, shockSimulatedPrices } from '@/server/health-monitor';
import { isLoopbackClient, readJsonBody } from '@/server/http';
import { deliverLocalCall, getLocalChain, reconcileLocalChain } from '@/server/local-chain';
import { runPremiumDistribution } from '@/server/premium-distributor';
import { runOperatorPass } from '@/server/vault-chain';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: 'There is no local chain on this server' }, { status: 404 });
const CallBody = z.object({
  transaction: z.string().regex(/^(0x)?[0-9a-fA-F]+$/, 'transaction must be hex'),
});
/** One week of Bitcoin blocks: mining more per call is CPU-heavy and settles everything at once (L1). */
const MAX_BURN_BLOCKS_PER_CALL = 7 * Number(BLOCKS_PER_DAY);
/** A development price shock, in percent per asset (e.g. STX −30). */
const shockChange = z
  .number()
  .gt(-100, 'a change must be above -100%')
  .max(1_000, 'a change must be at most 1000%');
const ShockBody = z
  .object({ btcChangePct: shockChange.optional(), stxChangePct: shockChange.optional() })
  .refine(
    (b) => b.btcChangePct !== undefined || b.stxChangePct !== undefined,
    'give btcChangePct or stxChangePct',
  );
const MineBody = z.object({
  burnBlocks: z
    .int('burnBlocks must be a whole number')
    .min(1, 'burnBlocks must be at least 1')
    .max(MAX_BURN_BLOCKS_PER_CALL, `burnBlocks must be at most ${MAX_BURN_BLOCKS_PER_CALL} (one week)`),
});

/** Only this machine drives the local chain, or a caller holding LOCAL_CHAIN_SECRET (L1). */
function mayDrive(req: Request): boolean {
  return (
    isLoopbackClient(req) || hasBearerSecret(req.headers.get('authorization'), getEnv().localChainSecret)
  );
}

/** A zod refusal as the field's own message; anything else (the simnet's) as it came. */
function reason(error: unknown): string {
  return error instanceof z.ZodError
    ? error.issues.map((issue) => issue.message).join('; ')
    : (error as Error).message;
}

/** A wallet's sBTC on the local chain (sats, as a decimal string): what a settlement paid it. */
function walletBalance(chain: LocalChain, req: Request): Response {
  const principal = new URL(req.url).searchParams.get('principal') ?? '';
  if (!isPrincipal(principal))
    return Response.json({ error: 'principal must be a Stacks address' }, { status: 400 });
  return Response.json({ principal, sbtc: chain.sbtcBalance(principal).toString() });
}

/**
 * Development only (LOCAL_CHAIN=true, devnet), for loopback clients or the LOCAL_CHAIN_SECRET bearer: `POST call` runs a signed contract call on the
 * in-app simnet and delivers its block to ingestion; `POST mine` mines burn blocks; both then run
 * an operator pass and a health pass. `POST shock` moves the simulated prices ({btcChangePct,
 * stxChangePct}) and runs a health pass. `GET wallet?principal=` gives a wallet's sBTC. `GET state` compares the vault's totals with the backend's mirror and ledger.
 */
async function handler(req: Request, { params }: { params: Promise<{ action: string }> }): Promise<Response> {
  const chain = await getLocalChain();
  if (!chain) return notFound();
  if (!mayDrive(req))
    return Response.json(
      { error: 'The local chain answers only to this machine (or with LOCAL_CHAIN_SECRET)' },
      { status: 403 },
    );
  const { action } = await params;
  if (req.method === 'GET' && action === 'state') return Response.json(await reconcileLocalChain(chain));
  if (req.method === 'GET' && action === 'wallet') return walletBalance(chain, req);
  if (req.method !== 'POST' || !['call', 'mine', 'shock'].includes(action)) return notFound();
  const read = await readJsonBody(req);
  if ('response' in read) return read.response;
  const { body } = read;
  let submitted: ReturnType<typeof chain.submit>;
  try {
    if (action === 'mine') {
      const { burnBlocks } = MineBody.parse(body);
      const burnBlockHeight = chain.mineBurnBlocks(burnBlocks);
      // Policies may have come due: settle them now rather than on the next tick.
      const operator = await runOperatorPass();
      // Premium shares come due at burn heights: mined blocks may have reached some.
      const premiums = await runPremiumDistribution();
      return Response.json({ burnBlockHeight, operator, premiums, health: await runHealthMonitor() });
    }
    if (action === 'shock') {
      const shock = ShockBody.parse(body);
      const shocked = await shockSimulatedPrices({ BTC: shock.btcChangePct, STX: shock.stxChangePct });
      if (!shocked)
        return Response.json({ error: 'Only the simulated price feed can be shocked' }, { status: 409 });
      return Response.json(shocked);
    }
    // A transaction that does not decode, is not a contract call, or is not signed by its origin.
    submitted = chain.submit(CallBody.parse(body).transaction);
  } catch (error) {
    return Response.json({ error: reason(error) }, { status: 400 });
  }
  const delivered = await deliverLocalCall(submitted);
  // A purchase needs its collateral locked, a deposit may unblock one: one operator pass now; and
  // a deposit or a new allocation moves health, so a health pass after it.
  const operator = await runOperatorPass();
  await runPremiumDistribution();
  return Response.json({ ...delivered, operator, health: await runHealthMonitor() });
}

export { handler as GET, handler as POST };
