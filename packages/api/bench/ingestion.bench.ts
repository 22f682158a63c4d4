/**
 * Chain ingestion on the real PostgreSQL server: deposits from 1,000 providers, 200 policy
 * purchases (each allocated pro rata across every eligible provider), their expiries, and the
 * whole history delivered again (duplicates). Run: pnpm --filter @bithedge/api bench
 */
import { createHash } from 'node:crypto';
import { contractIds, watchedContracts } from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import { seedTiers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres } from '@bithedge/db/testing';
import {
  AddressVersion,
  addressFromVersionHash,
  addressToString,
  Cl,
  type ClarityValue,
} from '@stacks/transactions';
import { ingestChainhookDelivery, parseChainhookDelivery } from '../src/services/chain/index.js';
import { verifyLedger } from '../src/services/ledger/index.js';

const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const handle = await openFreshPostgres(url, 20);
const { db } = handle;
await seedTiers(db);
const ids = contractIds('devnet');
const WATCHED = watchedContracts(ids);
const hex = (tag: string) => `0x${createHash('sha256').update(tag).digest('hex')}`;
const BUYER = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';
// Distinct valid testnet principals from synthetic 20-byte hashes.
const principal = (i: number) =>
  addressToString(addressFromVersionHash(AddressVersion.TestnetSingleSig, hex(`provider:${i}`).slice(2, 42)));

let height = 0;
const block = (txs: ClarityValue[][]) => printBlock(ids.vault, ++height, 'bench', txs);
const ev = (fields: Record<string, ClarityValue>) => Cl.tuple(fields);

async function timed(label: string, blocks: ReturnType<typeof block>[], events: number) {
  const started = performance.now();
  for (const b of blocks)
    await ingestChainhookDelivery(db, parseChainhookDelivery({ apply: [b], rollback: [] }, WATCHED));
  const ms = performance.now() - started;
  console.log(
    `| ${label} | ${blocks.length} blocks, ${events} events | ${(ms / blocks.length).toFixed(1)} ms/block | ${Math.round((events / ms) * 1000)} events/s |`,
  );
  return blocks;
}

console.log('| step | size | per block | throughput |\n|---|---|---:|---:|');
const PROVIDERS = 1_000;
const deposits = Array.from({ length: PROVIDERS / 50 }, (_, b) =>
  block(
    Array.from({ length: 50 }, (_, i) => [
      ev({
        event: Cl.stringAscii('deposit'),
        provider: Cl.principal(principal(b * 50 + i)),
        token: Cl.stringAscii('STX'),
        amount: Cl.uint(100_000_000_000n),
        tier: Cl.stringAscii('balanced'),
      }),
    ]),
  ),
);
await timed('deposits (50 a block)', deposits, PROVIDERS);

const POLICIES = 200;
const purchases = Array.from({ length: POLICIES }, (_, p) =>
  block([
    [
      ev({
        event: Cl.stringAscii('policy-created'),
        'policy-id': Cl.uint(p + 1),
        buyer: Cl.principal(BUYER),
        'quote-id': Cl.bufferFromHex((p + 1).toString(16).padStart(32, '0')),
        'policy-type': Cl.stringAscii('PUT'),
        'strike-usd': Cl.uint(5_400_000_000_000n),
        'amount-sats': Cl.uint(10_000_000n),
        'protected-value': Cl.uint(10_000_000_000n),
        token: Cl.stringAscii('STX'),
        premium: Cl.uint(500_000_000n),
        'expiration-height': Cl.uint(1_000_000),
      }),
    ],
  ]),
);
await timed(`purchases, each allocated across ${PROVIDERS} providers`, purchases, POLICIES);

const expiries = Array.from({ length: POLICIES }, (_, p) =>
  block([
    [
      ev({
        event: Cl.stringAscii('policy-expired'),
        'policy-id': Cl.uint(p + 1),
        buyer: Cl.principal(BUYER),
      }),
    ],
  ]),
);
await timed(`expiries, each releasing ${PROVIDERS} allocations`, expiries, POLICIES);

const all = [...deposits, ...purchases, ...expiries];
await timed('the whole history again (duplicates)', all, PROVIDERS + 2 * POLICIES);

const violations = await verifyLedger(db);
console.log(`\nverifyLedger: ${violations.length} violations`);
await handle.close();
if (violations.length > 0) process.exit(1);
