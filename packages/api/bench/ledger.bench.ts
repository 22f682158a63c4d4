/**
 * Ledger throughput on the real PostgreSQL server: operations a second with 16 concurrent
 * clients, and the time to lock one policy's collateral across 1,000 and 10,000 providers.
 * Run: pnpm --filter @bithedge/api bench (needs TEST_DATABASE_URL or PostgreSQL on 127.0.0.1).
 */
import { providerBalances, providers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres } from '@bithedge/db/testing';
import { sql } from 'drizzle-orm';
import { deposit, lockCollateral, requestWithdrawal, verifyLedger } from '../src/services/ledger/index.js';
import { insertTestPolicies } from '../src/test/policies.js';

const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const handle = await openFreshPostgres(url, 20);
const { db } = handle;

const policy = async () => (await insertTestPolicies(db, 1))[0]!;

// 1. Mixed operations, 16 clients: each does deposit then withdrawal requests on its own provider.
const CLIENTS = 16;
const PER_CLIENT = 150;
const started = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, c) => {
    const principal = `STBENCHCLIENT${c}`;
    for (let i = 0; i < PER_CLIENT; i++) {
      if (i % 3 === 0) {
        await deposit(db, {
          principal,
          tier: 'balanced',
          token: 'STX',
          amount: 1_000_000n,
          chainTxId: `0xb${c}-${i}`,
          chainEventIndex: 0,
        });
      } else {
        await requestWithdrawal(db, { principal, token: 'STX', amount: 1_000n, requestId: `bw-${c}-${i}` });
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const ops = CLIENTS * PER_CLIENT;

// 2. Lock one policy's collateral across N providers: one set-based operation.
async function lockAcross(n: number): Promise<number> {
  await db.execute(sql`
    insert into providers (principal, tier) select 'STBENCHLOCK' || ${n} || '-' || g, 'balanced' from generate_series(1, ${n}) g`);
  await db.execute(sql`
    insert into provider_balances (provider_id, token, available, total_deposited)
    select id, 'STX', 10000000, 10000000 from providers where principal like ${`STBENCHLOCK${n}-%`}`);
  // Balances inserted directly have no entries; give them their DEPOSIT entries so verifyLedger stays meaningful.
  await db.execute(sql`
    insert into ledger_entries (provider_id, token, type, amount, available_delta, total_deposited_delta, idempotency_key)
    select id, 'STX', 'DEPOSIT', 10000000, 10000000, 10000000, 'bench-seed:' || id from providers where principal like ${`STBENCHLOCK${n}-%`}`);
  const ids = (
    await db
      .select({ id: providers.id })
      .from(providers)
      .where(sql`${providers.principal} like ${`STBENCHLOCK${n}-%`}`)
  ).map((r) => r.id);
  const policyId = await policy();
  const t0 = performance.now();
  await lockCollateral(db, {
    policyId,
    token: 'STX',
    parts: ids.map((providerId) => ({ providerId, amount: 1_000_000n })),
  });
  return performance.now() - t0;
}
const lock1k = await lockAcross(1_000);
const lock10k = await lockAcross(10_000);
const violations = await verifyLedger(db);
const balances = await db.$count(providerBalances);
await handle.close();

console.log('| ledger benchmark (PostgreSQL, 2-core machine) | result |');
console.log('|---|---:|');
console.log(
  `| ${ops} operations (1/3 deposits, 2/3 withdrawal requests), ${CLIENTS} concurrent clients | ${Math.round(ops / seconds).toLocaleString('en-US')} ops/s |`,
);
console.log(`| lock one policy across 1,000 providers (one transaction) | ${lock1k.toFixed(0)} ms |`);
console.log(`| lock one policy across 10,000 providers (one transaction) | ${lock10k.toFixed(0)} ms |`);
console.log(
  `| verifyLedger over ${balances.toLocaleString('en-US')} balances afterwards | ${violations.length} violations |`,
);
if (violations.length > 0) process.exit(1);
