import { fileURLToPath } from 'node:url';
import { LocalChain, type SubmittedCall } from '@bithedge/contracts/local-chain';
import {
  type Database,
  type DatabaseHandle,
  openDatabase,
  seedRiskParameters,
  seedTiers,
} from '@bithedge/db';
import { expect } from 'vitest';
import { localChainClock } from '../adapters/chain-clock';
import type { PriceFeed } from '../adapters/price-feed';
import { createQuotingContext, type QuotingContext } from '../context';
import { devnetAccount } from '../devnet-accounts';
import { ingestChainhookDelivery, parseChainhookDelivery } from '../services/chain/ingest';
import { recordMarketSnapshot } from '../services/market/market-data';
import { WATCHED_CONTRACTS } from './chainhook';
import { DEVNET_QUOTE_SIGNER } from './context';

/** A fresh local chain for a test, its registry trusting the devnet deployer's quote key. */
export function localChainForTests(): Promise<LocalChain> {
  return LocalChain.start(
    fileURLToPath(new URL('../../../contracts/Clarinet.toml', import.meta.url)),
    devnetAccount('deployer').publicKey,
  );
}

/** Delivers a local block to ingestion on `db` as a Chainhook payload, as the app server does. */
export function deliverTo(db: Database) {
  return async (submitted: SubmittedCall): Promise<SubmittedCall> => {
    const payload = JSON.parse(JSON.stringify({ apply: [submitted.block], rollback: [] }));
    await ingestChainhookDelivery(db, parseChainhookDelivery(payload, WATCHED_CONTRACTS));
    return submitted;
  };
}

/** A local chain whose blocks are ingested into an in-memory database, as the app server does. */
export interface LocalChainEnv {
  chain: LocalChain;
  handle: DatabaseHandle;
  /** Delivers a mined block to ingestion on `handle`. */
  deliver: (submitted: SubmittedCall) => Promise<SubmittedCall>;
  /** Runs a user's contract call, delivers its block, and expects the call to have succeeded. */
  userCall: (call: Parameters<LocalChain['runAs']>[0], sender: string) => Promise<SubmittedCall>;
}

/**
 * A fresh local chain and in-memory database (tiers seeded), with `prices` recorded and the risk
 * parameters seeded when asked: the setup of the tests that run the app against the contracts.
 */
export async function openLocalChainEnv(
  options: { prices?: PriceFeed; riskParameters?: boolean } = {},
): Promise<LocalChainEnv> {
  const chain = await localChainForTests();
  const handle = await openDatabase({ dataDir: 'memory://' });
  await seedTiers(handle.db);
  if (options.riskParameters) await seedRiskParameters(handle.db);
  if (options.prices) await recordMarketSnapshot(handle.db, options.prices);
  const deliver = deliverTo(handle.db);
  const userCall: LocalChainEnv['userCall'] = async (call, sender) => {
    const submitted = await deliver(chain.runAs(call, sender));
    expect(submitted.result, submitted.result).toMatch(/^\(ok/);
    return submitted;
  };
  return { chain, handle, deliver, userCall };
}

/** Quoting that signs with the devnet quote key and reads time and heights from `chain`. */
export function quotingOnLocalChain(chain: LocalChain): QuotingContext {
  return createQuotingContext({ signer: DEVNET_QUOTE_SIGNER, chain: localChainClock(async () => chain) });
}
