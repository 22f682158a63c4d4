import 'server-only';
import { join } from 'node:path';
import {
  AppError,
  devnetAccount,
  ingestChainhookDelivery,
  parseChainhookDelivery,
  reconcileVault,
  seedDemoLedger,
  vaultCapFor,
} from '@bithedge/api';
import { contractIds, depositCall, setTierCapCall, toPlain, watchedContracts } from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import { findWorkspaceRoot, TOKENS, tiers } from '@bithedge/db';
import { getDatabase } from './db';
import { getEnv } from './env';

const store = globalThis as typeof globalThis & { __bithedgeLocalChain?: Promise<LocalChain> };
const DEVNET_IDS = contractIds('devnet');
const WATCHED = watchedContracts(DEVNET_IDS);

/** The in-app chain, started once per process; null unless LOCAL_CHAIN is on. */
export function getLocalChain(): Promise<LocalChain> | null {
  if (!getEnv().localChain) return null;
  // Loaded on first use: the simnet (WASM) stays out of every bundle that does not need it.
  store.__bithedgeLocalChain ??= import('@bithedge/contracts/local-chain').then(async ({ LocalChain }) => {
    const chain = await LocalChain.start(
      join(findWorkspaceRoot(), 'packages/contracts/Clarinet.toml'),
      devnetAccount('deployer').publicKey,
    );
    await capTiersOnLocalChain(chain);
    return chain;
  });
  return store.__bithedgeLocalChain;
}

/**
 * The vault's tier caps from the database's tiers (`vaultCapFor`: capacity_limit per tier × token),
 * set by the owner (the devnet deployer) before any deposit, so the chain refuses what the app
 * says is over capacity. Later changes are the admin's: /admin's tiers section asks the owner's
 * wallet to sign them. Each call's block is ingested like any other (ingestion stores `tier-cap` events).
 */
async function capTiersOnLocalChain(chain: LocalChain): Promise<void> {
  const { db } = await getDatabase();
  const owner = devnetAccount('deployer').address;
  for (const tier of await db.select().from(tiers)) {
    const call = setTierCapCall(DEVNET_IDS, vaultCapFor(tier));
    const submitted = chain.runAs(call, owner);
    if (!submitted.ok) throw new Error(`tier cap for ${tier.name} ${tier.token} failed: ${submitted.result}`);
    await deliverCapBlock(submitted);
  }
}

/**
 * Ingests a cap block. A database that already follows another chain (a kept PGlite directory
 * next to a freshly started simnet, or a test's shared database) refuses it as INVALID_STATE:
 * that must not keep the local chain from starting — the caps are set on chain all the same, and
 * the refusal is what every later block of this chain gets too (as before caps existed).
 */
async function deliverCapBlock(submitted: SubmittedCall): Promise<void> {
  try {
    await deliverLocalCall(submitted);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'INVALID_STATE')) throw error;
    console.warn(`local chain: tier cap block not ingested: ${error.message}`);
  }
}

/**
 * The demo providers' deposits, made for real on the local chain (each principal is funded
 * first) and ingested like any other block, so the vault, its mirror and the ledger agree from
 * the start. Their locked demo collateral stays an off-chain illustration.
 */
export async function seedDemoOnLocalChain(chain: LocalChain): Promise<void> {
  const { db } = await getDatabase();
  await seedDemoLedger(db, async ({ principal, tier, token, amount }) => {
    chain.fund(principal, token === 'STX' ? { microStx: amount } : { sats: amount });
    const submitted = chain.runAs(
      depositCall(DEVNET_IDS, { provider: principal, token, amount, tier }),
      principal,
    );
    if (!submitted.ok) throw new Error(`demo deposit for ${principal} failed: ${submitted.result}`);
    await deliverLocalCall(submitted);
  });
}

/** Delivers a local block to ingestion, as Chainhook would. */
export async function deliverLocalCall(submitted: SubmittedCall) {
  const { db } = await getDatabase();
  const delivery = parseChainhookDelivery(
    JSON.parse(JSON.stringify({ apply: [submitted.block], rollback: [] })),
    WATCHED,
  );
  const ingested = await ingestChainhookDelivery(db, delivery);
  return {
    txid: submitted.txid,
    sender: submitted.sender,
    result: submitted.result,
    ok: submitted.ok,
    postConditionViolations: submitted.postConditionViolations,
    ingested,
  };
}

/** The vault's totals next to the backend's mirror and ledger: they must be equal after every block. */
export async function reconcileLocalChain(chain: LocalChain) {
  const { db } = await getDatabase();
  const vault = TOKENS.map((token) => {
    const totals = toPlain(chain.vaultTotals(token)) as { balance: bigint; locked: bigint };
    return { token, ...totals };
  });
  const result = await reconcileVault(db, vault);
  // Amounts travel as decimal strings (JSON has no bigint).
  return JSON.parse(
    JSON.stringify({ burnBlockHeight: chain.burnBlockHeight, ...result }, (_k, v) =>
      typeof v === 'bigint' ? v.toString() : v,
    ),
  ) as { burnBlockHeight: number; reconciled: boolean; tokens: unknown[] };
}
