import { contractIds, watchedContracts } from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { parseChainhookDelivery } from '../services/chain/ingest';

/** The devnet contracts ingestion watches. */
export const WATCHED_CONTRACTS = watchedContracts(contractIds('devnet'));

/** A vault print event: a tuple of its fields. */
export const vaultEvent = (fields: Record<string, ClarityValue>) => Cl.tuple(fields);

/** A block of transactions, each with the devnet vault's print events given. */
export const vaultBlock = (height: number, fork: string, txs: ClarityValue[][]) =>
  printBlock(contractIds('devnet').vault, height, fork, txs);

/** A Chainhook delivery applying (and rolling back) blocks, parsed for the watched contracts. */
export const chainhookDelivery = (apply: unknown[], rollback: unknown[] = []) =>
  parseChainhookDelivery({ apply, rollback }, WATCHED_CONTRACTS);
