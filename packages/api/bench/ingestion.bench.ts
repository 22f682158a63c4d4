/**
 * Chain ingestion on the real PostgreSQL server: deposits from 1,000 providers, 200 policy
 * purchases (each allocated pro rata over its 50 largest eligible backers, L5), their expiries, a
 * re-org of the last 20 expiries on a ledger grown to ~1,000,000 entries and those blocks applied
 * again, and the whole history delivered again (duplicates). Run: pnpm --filter @bithedge/api bench
 */
import { createHash } from 'node:crypto';
import { contractIds, watchedContracts } from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import { queryRows, seedTiers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres } from '@bithedge/db/testing';
import {
  AddressVersion,
  addressFromVersionHash,
  addressToString,
  Cl,
  type ClarityValue,
} from '@stacks/transactions';
import { sql } from 'drizzle-orm';
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
        // What the vault locked in the purchase: 10,000 STX at the balanced tier's 125%.
        collateral: Cl.uint(12_500_000_000n),
        'expiration-height': Cl.uint(1_000_000),
      }),
    ],
  ]),
);
await timed('purchases, each allocated to its 50 largest backers (L5)', purchases, POLICIES);

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
await timed('expiries, each releasing its 50 allocations', expiries, POLICIES);

/** A re-org: each block rolled back in its own delivery, newest first. */
async function timedRollback(label: string, blocks: ReturnType<typeof block>[], events: number) {
  const started = performance.now();
  for (const b of [...blocks].reverse())
    await ingestChainhookDelivery(db, parseChainhookDelivery({ apply: [], rollback: [b] }, WATCHED));
  const ms = performance.now() - started;
  console.log(
    `| ${label} | ${blocks.length} blocks, ${events} events | ${(ms / blocks.length).toFixed(1)} ms/block | ${Math.round((events / ms) * 1000)} events/s |`,
  );
}

// A re-org of the last 20 expiries, then the same blocks applied again: each rolled-back event
// finds the entries it caused in the ledger. Grown first to a production-sized ledger of ~1,000,000
// entries (net-zero LOCK/RELEASE pairs spread over the providers, so verifyLedger stays clean).
const FILLER = 970_000;
await db.execute(sql`
  with p as (select id, row_number() over (order by id) - 1 as i, count(*) over () as n from providers)
  insert into ledger_entries (provider_id, token, type, amount, available_delta, locked_delta, idempotency_key)
  select p.id, 'STX', case when g % 2 = 0 then 'LOCK' else 'RELEASE' end::ledger_entry_type, 1,
    case when g % 2 = 0 then -1 else 1 end, case when g % 2 = 0 then 1 else -1 end, 'bench-filler:' || g
  from generate_series(0, ${FILLER - 1}) g join p on p.i = (g / 2) % p.n`);
await db.execute(sql`analyze ledger_entries`);
const reorged = expiries.slice(-20);
const [count] = await queryRows<{ entries: number }>(
  db,
  sql`select count(*)::int as entries from ledger_entries`,
);
console.log(`| (the ledger now holds ${count!.entries.toLocaleString('en-US')} entries) | | | |`);
await timedRollback('the last 20 expiries rolled back (re-org)', reorged, reorged.length);
await timed('the same 20 blocks applied again', reorged, reorged.length);

const all = [...deposits, ...purchases, ...expiries];
await timed('the whole history again (duplicates)', all, PROVIDERS + 2 * POLICIES);

// The hourly verify-ledger step's query, over the whole ledger.
const verifyStarted = performance.now();
const violations = await verifyLedger(db);
const verifyMs = performance.now() - verifyStarted;
console.log(
  `\nverifyLedger over ${count!.entries.toLocaleString('en-US')} entries: ${violations.length} violations in ${verifyMs.toFixed(0)} ms`,
);
await handle.close();
if (violations.length > 0) process.exit(1);
