import { createHash } from 'node:crypto';
import { contractIds, watchedContracts } from '@bithedge/contracts';
import { chainEvents, type DatabaseHandle, providerBalances, providers, seedTiers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl, type ClarityValue, serializeCV } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../devnet-accounts';
import { isAppError } from '../errors';
import { getPoolMetrics, ingestChainhookDelivery, parseChainhookDelivery } from './chain-ingestion';
import { verifyLedger } from './ledger';

const ids = contractIds('devnet');
const CONTRACTS = watchedContracts(ids);
const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;

const hex = (tag: string) => `0x${createHash('sha256').update(tag).digest('hex')}`;
const ev = (fields: Record<string, ClarityValue>) => Cl.tuple(fields);
const deposit = (provider: string, amount: bigint) =>
  ev({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
    tier: Cl.stringAscii('balanced'),
  });
const lock = (policy: bigint, amount: bigint) =>
  ev({
    event: Cl.stringAscii('lock'),
    'policy-id': Cl.uint(policy),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });
const premium = (policy: bigint, amount: bigint) =>
  ev({
    event: Cl.stringAscii('premium'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });
const settlement = (policy: bigint, amount: bigint) =>
  ev({
    event: Cl.stringAscii('settlement'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });

/** A block of transactions, each with the vault print events given. */
function block(height: number, fork: string, txs: ClarityValue[][]) {
  return {
    block_identifier: { index: height, hash: hex(`${fork}:${height}`) },
    transactions: txs.map((events, t) => ({
      transaction_identifier: { hash: hex(`${fork}:${height}:tx${t}`) },
      metadata: {
        success: true,
        receipt: {
          events: events.map((value, index) => ({
            type: 'SmartContractEvent',
            position: { index },
            data: { contract_identifier: ids.vault, topic: 'print', raw_value: `0x${serializeCV(value)}` },
          })),
        },
      },
    })),
  };
}

const b1 = block(1, 'main', [[deposit(alice, 100_000_000n)], [deposit(bob, 50_000_000n)]]);
const b2 = block(2, 'main', [[premium(1n, 5_000_000n)], [lock(1n, 30_000_000n)]]);
const b3 = block(3, 'main', [[settlement(1n, 10_000_000n)]]);
const b2fork = block(2, 'fork', [[deposit(alice, 999_000_000n)]]);
const delivery = (apply: unknown[], rollback: unknown[] = []) =>
  parseChainhookDelivery({ apply, rollback }, CONTRACTS);

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`chain ingestion on ${target.label}`, () => {
    let clean: DatabaseHandle;
    let messy: DatabaseHandle;
    beforeAll(async () => {
      clean = await target.open();
      messy = await target.open();
      await seedTiers(clean.db);
      await seedTiers(messy.db);
    });

    /** Every provider's balances, by principal and token. */
    const balances = async (handle: DatabaseHandle) =>
      (
        await handle.db
          .select({
            principal: providers.principal,
            token: providerBalances.token,
            available: providerBalances.available,
            deposited: providerBalances.totalDeposited,
          })
          .from(providerBalances)
          .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      ).sort((a, b) => `${a.principal}${a.token}`.localeCompare(`${b.principal}${b.token}`));
    afterAll(async () => {
      await clean?.close();
      await messy?.close();
    });

    it('mirrors the vault totals of a clean history', async () => {
      await ingestChainhookDelivery(clean.db, delivery([b1, b2, b3]));
      const stx = (await getPoolMetrics(clean.db)).find((m) => m.token === 'STX');
      expect(stx).toEqual({
        token: 'STX',
        vaultBalance: 100_000_000n + 50_000_000n + 5_000_000n - 10_000_000n,
        totalLocked: 30_000_000n - 10_000_000n,
        lastBlockHeight: 3,
      });
    });

    it('ends in the same state after duplicates, out-of-order delivery, a re-org and garbage', async () => {
      const first = await ingestChainhookDelivery(messy.db, delivery([b1, b2fork]));
      expect(first).toMatchObject({ newEvents: 3, duplicateEvents: 0 });
      // The same delivery again: nothing changes.
      const again = await ingestChainhookDelivery(messy.db, delivery([b1, b2fork]));
      expect(again).toMatchObject({ newEvents: 0, duplicateEvents: 3 });
      // Garbage: refused whole, nothing written.
      const before = await messy.db.$count(chainEvents);
      for (const garbage of [
        { apply: 'nope', rollback: [] },
        { apply: [{ ...b3, block_identifier: { index: 3 } }], rollback: [] },
        {
          apply: [block(3, 'main', [[ev({ event: Cl.stringAscii('mint'), amount: Cl.uint(1) })]])],
          rollback: [],
        },
      ]) {
        const error = (() => {
          try {
            parseChainhookDelivery(garbage, CONTRACTS);
          } catch (e) {
            return e;
          }
        })();
        expect(isAppError(error) && error.code, JSON.stringify(garbage).slice(0, 60)).toBe('BAD_REQUEST');
      }
      expect(await messy.db.$count(chainEvents)).toBe(before);
      // A later block arrives before the re-org is resolved…
      await ingestChainhookDelivery(messy.db, delivery([b3]));
      // …then the fork's block 2 is rolled back and the canonical one applied, twice over.
      const reorg = await ingestChainhookDelivery(messy.db, delivery([b2], [b2fork]));
      expect(reorg).toMatchObject({ rolledBackEvents: 1, newEvents: 2 });
      await ingestChainhookDelivery(messy.db, delivery([b2], [b2fork]));
      // A flip-flop: the fork comes back, then goes away again.
      await ingestChainhookDelivery(messy.db, delivery([b2fork], [b2]));
      await ingestChainhookDelivery(messy.db, delivery([b2], [b2fork]));

      expect(await getPoolMetrics(messy.db)).toEqual(await getPoolMetrics(clean.db));
      // The provider ledger followed too: the fork's 999 STX deposit was recorded and reversed
      // (twice), and every balance equals the clean history's.
      expect(await balances(messy)).toEqual(await balances(clean));
      expect((await balances(clean)).map((b) => [b.principal, b.available])).toEqual(
        [
          [alice, 100_000_000n],
          [bob, 50_000_000n],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(await verifyLedger(messy.db)).toEqual([]);
    });
  });
}
