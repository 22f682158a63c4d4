import { type DatabaseHandle, providerBalances, providers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres, testDatabaseTargets } from '@bithedge/db/testing';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { insertTestPolicies } from '../../test/policies';
import {
  accruePremium,
  applyStep,
  claimPremiums,
  deposit,
  earnPremium,
  lockCollateral,
  requestWithdrawal,
  verifyLedger,
} from './index';

const postgres = (await testDatabaseTargets()).find((t) => t.driver === 'postgres')!;

describe.skipIf(postgres.skipReason !== undefined)(`ledger concurrency on ${postgres.label}`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    // 64 clients at once need 64 connections.
    handle = await openFreshPostgres(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL, 70);
  });
  afterAll(() => handle?.close());

  /** A provider with 100,000,000 base units deposited in `token`; its id. */
  const depositedProvider = async (principal: string, token: 'STX' | 'SBTC', chainTxId: string) => {
    await deposit(handle.db, {
      principal,
      tier: 'aggressive',
      token,
      amount: 100_000_000n,
      chainTxId,
      chainEventIndex: 0,
    });
    const [row] = await handle.db
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.principal, principal));
    return row!.id;
  };

  const settle = async (calls: Promise<unknown>[]) => {
    const results = await Promise.allSettled(calls);
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((r as PromiseRejectedResult).reason as AppError).code).toBe('INSUFFICIENT_FUNDS');
    }
    return { succeeded: results.length - refused.length, refused: refused.length };
  };

  it('64 simultaneous withdrawals: exactly the affordable ones succeed, nothing goes negative', async () => {
    const principal = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';
    // 1,000 STX available; 64 requests of 37 STX each: 27 fit (999 STX), 37 must be refused.
    await deposit(handle.db, {
      principal,
      tier: 'balanced',
      token: 'STX',
      amount: 1_000_000_000n,
      chainTxId: '0xc0',
      chainEventIndex: 0,
    });
    const outcome = await settle(
      Array.from({ length: 64 }, (_, i) =>
        requestWithdrawal(handle.db, { principal, token: 'STX', amount: 37_000_000n, requestId: `cw-${i}` }),
      ),
    );
    expect(outcome).toEqual({ succeeded: 27, refused: 37 });
    const [row] = await handle.db
      .select({ b: providerBalances })
      .from(providerBalances)
      .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      .where(eq(providers.principal, principal));
    expect(row?.b).toMatchObject({ available: 1_000_000n, pendingWithdrawal: 999_000_000n });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('64 simultaneous locks over overlapping providers: exactly the affordable ones succeed', async () => {
    const principals = [
      'ST2NEB84ASENDXKYGJPQW86YXQCEFEX2ZQPG87ND',
      'ST2REHHS5J3CERCRBEPMGH7921Q6PYKAADT7JP2VB',
    ];
    const ids: number[] = [];
    for (const [i, principal] of principals.entries())
      ids.push(await depositedProvider(principal, 'SBTC', `0xd${i}`));
    const policyIds = await insertTestPolicies(handle.db, 64, 'SBTC');
    // Each lock takes 0.03 BTC from both providers (1 BTC each): 33 fit, 31 must be refused.
    const outcome = await settle(
      policyIds.map((policyId) =>
        lockCollateral(handle.db, {
          policyId,
          token: 'SBTC',
          parts: ids.map((providerId) => ({ providerId, amount: 3_000_000n })),
        }),
      ),
    );
    expect(outcome).toEqual({ succeeded: 33, refused: 31 });
    const rows = await handle.db.select().from(providerBalances).where(eq(providerBalances.token, 'SBTC'));
    for (const row of rows) expect(row).toMatchObject({ available: 1_000_000n, locked: 99_000_000n });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('L4: racing retries with the same idempotency key all return the first result, no 500', async () => {
    const principal = 'ST3AM1A56AK2C1XAFJ4115ZSV26EB49BVQ10MGCS0';
    await deposit(handle.db, {
      principal,
      tier: 'balanced',
      token: 'STX',
      amount: 500_000_000n,
      chainTxId: '0xc2',
      chainEventIndex: 0,
    });
    const input = { principal, token: 'STX' as const, amount: 100_000_000n, requestId: 'race-1' };
    const results = await Promise.all(Array.from({ length: 16 }, () => requestWithdrawal(handle.db, input)));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.entries.map((e) => e.id).join()));
    expect(ids.size).toBe(1); // every retry answered with the same stored entry
    const [row] = await handle.db
      .select({ b: providerBalances })
      .from(providerBalances)
      .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      .where(eq(providers.principal, principal));
    expect(row?.b).toMatchObject({ available: 400_000_000n, pendingWithdrawal: 100_000_000n });

    // The same for a claim, whose check reads the earned balance before applying.
    const [policyId] = await insertTestPolicies(handle.db, 1);
    const shares = {
      policyId: policyId!,
      token: 'STX' as const,
      parts: [{ providerId: row!.b.providerId, amount: 7n }],
    };
    await accruePremium(handle.db, shares);
    await earnPremium(handle.db, shares);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () =>
        claimPremiums(handle.db, { principal, token: 'STX', requestId: 'race-claim' }),
      ),
    );
    expect(claims.filter((c) => c.applied)).toHaveLength(1);
    expect(claims.map((c) => c.entries[0]?.amount)).toEqual(Array(8).fill(7n));
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('wide steps: racing retries apply once, and racing locks over shared providers stay all or nothing', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await depositedProvider(`ST${i}WIDESTEPRACEPROVIDER`, 'STX', `0xw${i}`));
    const policyIds = await insertTestPolicies(handle.db, 33);
    const lock = (policyId: number, key: string) =>
      applyStep(handle.db, {
        type: 'LOCK',
        token: 'STX',
        policyId,
        idempotencyKey: key,
        parts: ids.map((providerId) => ({ providerId, amount: 30_000_000n })),
      });
    // 16 racing calls of one step: one writes it, the others are answered with its entries.
    const retries = await Promise.all(Array.from({ length: 16 }, () => lock(policyIds[0]!, 'wide-race')));
    expect(retries.filter((r) => r.applied)).toHaveLength(1);
    expect(new Set(retries.map((r) => r.entries.map((e) => `${e.id}:${e.providerId}`).join()))).toEqual(
      new Set([retries[0]!.entries.map((e) => `${e.id}:${e.providerId}`).join()]),
    );
    // 32 different steps of 30 STX each over the same three providers (70 STX left each): two fit.
    const outcome = await settle(
      policyIds.slice(1).map((policyId) => lock(policyId, `wide-race-${policyId}`)),
    );
    expect(outcome).toEqual({ succeeded: 2, refused: 30 });
    const rows = await handle.db
      .select()
      .from(providerBalances)
      .where(inArray(providerBalances.providerId, ids));
    for (const row of rows) expect(row).toMatchObject({ available: 10_000_000n, locked: 90_000_000n });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });
});
