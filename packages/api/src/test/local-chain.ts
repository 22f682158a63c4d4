import { fileURLToPath } from 'node:url';
import { contractIds, watchedContracts } from '@bithedge/contracts';
import { LocalChain, type SubmittedCall } from '@bithedge/contracts/local-chain';
import type { Database } from '@bithedge/db';
import { devnetAccount } from '../devnet-accounts';
import { ingestChainhookDelivery, parseChainhookDelivery } from '../services/chain/ingest';

const WATCHED = watchedContracts(contractIds('devnet'));

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
    await ingestChainhookDelivery(db, parseChainhookDelivery(payload, WATCHED));
    return submitted;
  };
}
