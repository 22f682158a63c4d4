/**
 * The provider views on the real PostgreSQL server (issue #16): `provider.transactions` and
 * `provider.allocations` over a database of 1,000,000 ledger entries in which one provider holds
 * 100,000 (one entry in ten, interleaved in time with 999 other providers) and backs 20,000 of
 * 100,000 allocations. Target: ≤ 30 ms p95 per page. The service functions are timed (what the
 * routers call: the SQL and the mapping to rows), each ROUNDS times, after WARMUP untimed calls.
 *
 * Baseline in the same run, so the machine's load of the moment shows next to the pages: a
 * primary-key lookup of one ledger entry (the least any read costs). The yield statistics and
 * the balance history (which read the provider's whole history, with window functions) are timed
 * too, for information: they are not paged reads and have no target.
 *
 * Run: pnpm --filter @bithedge/api bench (needs TEST_DATABASE_URL or PostgreSQL on 127.0.0.1).
 */
import { type Executor, queryRows, seedTiers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres } from '@bithedge/db/testing';
import { sql } from 'drizzle-orm';
import {
  encodePageCursor,
  getProviderBalanceHistory,
  getProviderYieldStats,
  listProviderAllocations,
  listProviderTransactions,
} from '../src/services/liquidity/index.js';

const ENTRIES = 1_000_000;
const PROVIDERS = 1_000;
const POLICIES = 20_000;
const ALLOCATIONS = 100_000;
const ROUNDS = 200;
const WARMUP = 20;
const TARGET_MS = 30;
const PAGE = 25;
const T0 = new Date('2026-01-01T00:00:00Z');
const NOW = new Date('2027-01-01T00:00:00Z');
/** The provider under test: every tenth entry and every fifth allocation. */
const PRINCIPAL = 'STBENCHVIEWS1';

/** The ledger's mix for every provider: collateral and premiums dominate, settlements are rare. */
const TYPES = [
  'LOCK',
  'RELEASE',
  'PREMIUM_PENDING',
  'PREMIUM_EARNED',
  'LOCK',
  'RELEASE',
  'PREMIUM_PENDING',
  'PREMIUM_EARNED',
  'DEPOSIT',
  'WITHDRAWAL_REQUEST',
  'WITHDRAWAL_CONFIRM',
  'LOCK',
  'RELEASE',
  'PREMIUM_PENDING',
  'PREMIUM_EARNED',
  'PREMIUM_CLAIM',
  'SETTLEMENT_DEBIT',
  'WITHDRAWAL_CANCEL',
  'DEPOSIT',
  'LOCK',
] as const;

const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const handle = await openFreshPostgres(url, 1);
const { db } = handle;

/**
 * Set-based seed (generate_series, a few statements). Entry g belongs to provider 1 when g is a
 * multiple of 10, else to one of the 999 others; one in ten is sBTC; times spread over a year.
 * The deltas are the ones each type makes (amount 1–1,000), so the history and stats are
 * realistic in shape; the balance rows are the sums of the deltas.
 */
async function seed(db: Executor): Promise<void> {
  await seedTiers(db);
  await db.execute(sql`insert into providers (principal, tier)
    select 'STBENCHVIEWS' || g, (array['conservative', 'balanced', 'aggressive'])[1 + g % 3]::tier_name
    from generate_series(1, ${PROVIDERS}) g`);
  await db.execute(sql`insert into policies (onchain_id, owner, type, strike_usd, amount_sats, premium_usd, premium_amount,
      collateral_amount, token, tier, expiration_height, expires_at, status)
    select g, 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP', 'PUT', 10000000000000, 10000000, 10000000000, 50000000,
      5000000000, 'STX', 'balanced', 900000 + g, ${T0.toISOString()}::timestamptz + g * interval '30 minutes',
      (case when g > ${POLICIES - 2_000} then 'ACTIVE' else 'EXPIRED' end)::policy_status
    from generate_series(1, ${POLICIES}) g`);
  const types = sql.join(
    TYPES.map((t) => sql`${t}`),
    sql`, `,
  );
  await db.execute(sql`insert into ledger_entries (provider_id, token, type, amount, available_delta, locked_delta,
      pending_withdrawal_delta, pending_premium_delta, earned_premium_delta, claimed_premium_delta,
      total_deposited_delta, total_withdrawn_delta, policy_id, chain_tx_id, idempotency_key, created_at)
    select provider_id, token, type, amount,
      case type when 'DEPOSIT' then amount when 'LOCK' then -amount when 'RELEASE' then amount
        when 'WITHDRAWAL_REQUEST' then -amount when 'WITHDRAWAL_CANCEL' then amount when 'PREMIUM_CLAIM' then amount else 0 end,
      case type when 'LOCK' then amount when 'RELEASE' then -amount when 'SETTLEMENT_DEBIT' then -amount else 0 end,
      case type when 'WITHDRAWAL_REQUEST' then amount when 'WITHDRAWAL_CONFIRM' then -amount when 'WITHDRAWAL_CANCEL' then -amount else 0 end,
      case type when 'PREMIUM_PENDING' then amount when 'PREMIUM_EARNED' then -amount else 0 end,
      case type when 'PREMIUM_EARNED' then amount when 'PREMIUM_CLAIM' then -amount else 0 end,
      case type when 'PREMIUM_CLAIM' then amount else 0 end,
      case type when 'DEPOSIT' then amount else 0 end,
      case type when 'WITHDRAWAL_CONFIRM' then amount else 0 end,
      case when type in ('LOCK', 'RELEASE', 'SETTLEMENT_DEBIT', 'PREMIUM_PENDING', 'PREMIUM_EARNED') then 1 + g % ${POLICIES} end,
      '0x' || md5(g::text), 'bench:' || g, created_at
    from (select g,
        case when g % 10 = 0 then 1 else 2 + g % ${PROVIDERS - 1} end as provider_id,
        (case when g % 100 < 10 then 'SBTC' else 'STX' end)::token as token,
        ((array[${types}])[1 + (g / 10) % ${TYPES.length}])::ledger_entry_type as type,
        1 + g % 1000 as amount,
        ${T0.toISOString()}::timestamptz + g * interval '31 seconds' as created_at
      from generate_series(1, ${ENTRIES}) g) s`);
  await db.execute(sql`insert into provider_balances (provider_id, token, total_deposited, available, locked,
      pending_withdrawal, total_withdrawn, pending_premiums, earned_premiums, claimed_premiums)
    select provider_id, token, greatest(sum(total_deposited_delta), 0), greatest(sum(available_delta), 0),
      greatest(sum(locked_delta), 0), greatest(sum(pending_withdrawal_delta), 0), greatest(sum(total_withdrawn_delta), 0),
      greatest(sum(pending_premium_delta), 0), greatest(sum(earned_premium_delta), 0), greatest(sum(claimed_premium_delta), 0)
    from ledger_entries group by provider_id, token`);
  // 100,000 allocations, 5 per policy; provider 1 is one of the five on every policy, the newest
  // 2,000 policies are live (LOCKED), older ones RELEASED (one in ten SETTLED).
  await db.execute(sql`insert into policy_allocations (policy_id, provider_id, token, amount, share_bps, premium_amount, status)
    select p.id, case when k = 0 then 1 else 2 + (p.id * 5 + k) % ${PROVIDERS - 1} end, 'STX', 1000000000, 2000, 10000000,
      (case when p.status = 'ACTIVE' then 'LOCKED' when p.id % 10 = 0 then 'SETTLED' else 'RELEASED' end)::allocation_status
    from policies p cross join generate_series(0, ${ALLOCATIONS / POLICIES - 1}) k`);
  await db.execute(sql`analyze`);
}

interface Case {
  label: string;
  run: (on: Executor) => Promise<unknown>;
  target: boolean;
  rounds?: number;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** A cursor from deep in the history: the id `depth` rows down the unfiltered order (setup only). */
async function cursorAt(query: ReturnType<typeof sql>, scope: 'tx' | 'alloc'): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, query);
  return encodePageCursor(scope, BigInt(row!.id));
}

/**
 * EXPLAIN=<label prefix>: prints the plan of the matching cases' statements (the service runs on
 * an executor that explains each statement instead of running it, and stops at the first).
 */
async function explain(cases: Case[]) {
  for (const c of cases) {
    let plan: { 'QUERY PLAN': string }[] = [];
    const explaining = new Proxy(db, {
      get: (target, key) =>
        key === 'execute'
          ? async (query: ReturnType<typeof sql>) => {
              plan = await queryRows(target, sql`explain (analyze, buffers) ${query}`);
              throw new Error('explained');
            }
          : Reflect.get(target, key),
    });
    await c.run(explaining).catch(() => undefined);
    console.log(`-- ${c.label}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

async function measure() {
  const started = performance.now();
  await seed(db);
  const seededMs = performance.now() - started;
  const deepTx = await cursorAt(
    sql`select id::text from ledger_entries where provider_id = 1 order by created_at desc, id desc offset 90000 limit 1`,
    'tx',
  );
  const deepPremium = await cursorAt(
    sql`select id::text from ledger_entries where provider_id = 1 and type in ('PREMIUM_PENDING', 'PREMIUM_EARNED', 'PREMIUM_CLAIM')
      order by created_at desc, id desc offset 30000 limit 1`,
    'tx',
  );
  const deepAlloc = await cursorAt(
    sql`select id::text from policy_allocations where provider_id = 1 order by id desc offset 18000 limit 1`,
    'alloc',
  );
  const [{ pk } = { pk: '1' }] = await queryRows<{ pk: string }>(
    db,
    sql`select (${ENTRIES / 2})::text as pk`,
  );
  const tx = (input: Parameters<typeof listProviderTransactions>[2]) => (on: Executor) =>
    listProviderTransactions(on, PRINCIPAL, input);
  const alloc = (input: Parameters<typeof listProviderAllocations>[2]) => (on: Executor) =>
    listProviderAllocations(on, PRINCIPAL, input);
  const cases: Case[] = [
    {
      label: 'baseline: ledger entry by primary key',
      run: (on) => queryRows(on, sql`select * from ledger_entries where id = ${pk}`),
      target: false,
    },
    { label: 'transactions, first page', run: tx({ limit: PAGE }), target: true },
    {
      label: 'transactions, deep page (90,000 rows down)',
      run: tx({ limit: PAGE, cursor: deepTx }),
      target: true,
    },
    { label: 'transactions, 100 rows', run: tx({ limit: 100 }), target: true },
    { label: 'transactions, kind premium', run: tx({ kind: 'premium', limit: PAGE }), target: true },
    {
      label: 'transactions, kind premium, deep (30,000 down)',
      run: tx({ kind: 'premium', limit: PAGE, cursor: deepPremium }),
      target: true,
    },
    {
      label: 'transactions, kind settlement + sBTC (rare)',
      run: tx({ kind: 'settlement', token: 'SBTC', limit: PAGE }),
      target: true,
    },
    {
      label: 'transactions, token sBTC (all 14 types)',
      run: tx({ token: 'SBTC', limit: PAGE }),
      target: true,
    },
    { label: 'allocations, first page', run: alloc({ limit: PAGE }), target: true },
    {
      label: 'allocations, deep page (18,000 down)',
      run: alloc({ limit: PAGE, cursor: deepAlloc }),
      target: true,
    },
    { label: 'allocations, status RELEASED', run: alloc({ status: 'RELEASED', limit: PAGE }), target: true },
    {
      label: 'yield stats (whole history, info)',
      run: (on) => getProviderYieldStats(on, PRINCIPAL, NOW),
      target: false,
      rounds: 20,
    },
    {
      label: 'balance history (whole history, info)',
      run: (on) => getProviderBalanceHistory(on, PRINCIPAL, NOW),
      target: false,
      rounds: 20,
    },
  ];
  if (process.env.EXPLAIN) await explain(cases.filter((c) => c.label.startsWith(process.env.EXPLAIN!)));
  const results = [];
  for (const c of cases) {
    const rounds = c.rounds ?? ROUNDS;
    for (let i = 0; i < Math.min(WARMUP, rounds); i++) await c.run(db);
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await c.run(db);
      ms.push(performance.now() - t);
    }
    results.push({ ...c, rounds, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) });
  }
  return { seededMs, results };
}

// The fresh database is dropped even when a step fails.
const { seededMs, results } = await measure().finally(() => handle.close());
console.log(
  `provider views: ${ENTRIES.toLocaleString('en-US')} ledger entries (100,000 of one provider), ${ALLOCATIONS.toLocaleString('en-US')} allocations (20,000 of it); seeded in ${(seededMs / 1000).toFixed(1)} s`,
);
console.log(`| read | rounds | p50 | p95 | max | ≤ ${TARGET_MS} ms p95 |\n|---|---:|---:|---:|---:|---|`);
for (const r of results)
  console.log(
    `| ${r.label} | ${r.rounds} | ${r.p50.toFixed(2)} ms | ${r.p95.toFixed(2)} ms | ${r.max.toFixed(1)} ms | ${r.target ? (r.p95 <= TARGET_MS ? 'yes' : '**no**') : '—'} |`,
  );
// Like the other benches, a miss is reported, not an exit code: the shared machine's load varies.
