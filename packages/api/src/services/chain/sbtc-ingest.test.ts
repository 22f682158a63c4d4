import { contractIds, expectedSbtcContract } from '@bithedge/contracts';
import {
  type DatabaseHandle,
  ledgerEntries,
  policyAllocations,
  premiumDistributions,
  providerBalances,
  providerPremiumDistributions,
  providers,
  seedTiers,
  type Token,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { chainhookDelivery, vaultBlock, vaultEvent } from '../../test/chainhook';
import { verifyLedger } from '../ledger';
import { getPoolMetrics, ingestChainhookDelivery } from './ingest';
import { reconcileVault } from './reconciliation';

/*
 * An sBTC-backed CALL through ingestion: its collateral (sats) is locked, released and debited in
 * SBTC across the sBTC providers of its tier, while its premium (micro-STX, as the registry
 * collects it) is shared among them in STX — opening an STX balance row for a backer that only
 * ever deposited sBTC. A re-org of the sBTC settlement reverses exactly its entries.
 */
const ids = contractIds('devnet');
const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const carol = devnetAccount('deployer').address;
const buyer = devnetAccount('wallet_3').address;

const deposit = (provider: string, token: Token, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii(token),
    amount: Cl.uint(amount),
    // Without a quote a CALL is backed by the aggressive tier (see backingTier).
    tier: Cl.stringAscii('aggressive'),
    ...(token === 'SBTC' ? { 'token-contract': Cl.principal(expectedSbtcContract(ids.vault)) } : {}),
  });
const vaultMove = (kind: 'lock' | 'release', amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii(kind),
    'policy-id': Cl.uint(1n),
    token: Cl.stringAscii('SBTC'),
    amount: Cl.uint(amount),
  });
const premium = vaultEvent({
  event: Cl.stringAscii('premium'),
  'policy-id': Cl.uint(1n),
  buyer: Cl.principal(buyer),
  token: Cl.stringAscii('STX'),
  amount: Cl.uint(150_000_000n),
});
/** A 0.1 BTC CALL struck at $100,000; what the vault locked for it, in sats. */
const COLLATERAL = 12_500_000n;
const policyCreated = vaultEvent({
  event: Cl.stringAscii('policy-created'),
  'policy-id': Cl.uint(1n),
  buyer: Cl.principal(buyer),
  'quote-id': Cl.bufferFromHex('00000000000040008000000000000abc'),
  'policy-type': Cl.stringAscii('CALL'),
  'strike-usd': Cl.uint(10_000_000_000_000n),
  'amount-sats': Cl.uint(10_000_000n),
  'protected-value': Cl.uint(10_000_000n),
  token: Cl.stringAscii('SBTC'),
  premium: Cl.uint(150_000_000n),
  collateral: Cl.uint(COLLATERAL),
  'expiration-height': Cl.uint(1_000),
});
// BTC at $120,000: floor((120,000 − 100,000) × 10,000,000 / 120,000) sats.
const PAYOUT = 1_666_666n;
const exercised = vaultEvent({
  event: Cl.stringAscii('policy-exercised'),
  'policy-id': Cl.uint(1n),
  buyer: Cl.principal(buyer),
  token: Cl.stringAscii('SBTC'),
  amount: Cl.uint(PAYOUT),
});
const settlement = vaultEvent({
  event: Cl.stringAscii('settlement'),
  'policy-id': Cl.uint(1n),
  buyer: Cl.principal(buyer),
  token: Cl.stringAscii('SBTC'),
  amount: Cl.uint(PAYOUT),
});
const expired = vaultEvent({
  event: Cl.stringAscii('policy-expired'),
  'policy-id': Cl.uint(1n),
  buyer: Cl.principal(buyer),
});

const s1 = vaultBlock(1, 'sbtc', [
  [deposit(alice, 'SBTC', 200_000_000n)],
  [deposit(bob, 'SBTC', 100_000_000n)],
  [deposit(alice, 'STX', 1_000_000_000n)],
  [deposit(carol, 'STX', 50_000_000_000n)],
]);
const s2 = vaultBlock(2, 'sbtc', [[premium, policyCreated], [vaultMove('lock', COLLATERAL)]]);
const s3 = vaultBlock(3, 'sbtc', [[expired, vaultMove('release', COLLATERAL)]]);
const s3fork = vaultBlock(3, 'sbtc-fork', [
  [exercised, settlement, vaultMove('release', COLLATERAL - PAYOUT)],
]);

// Aggressive capacity: 90% of capital, so 180,000,000 and 90,000,000 sats; pro rata (largest
// remainder) 8,333,333 and 4,166,667; premium shares 150 STX × those ÷ 12,500,000.
const LOCKS = { alice: 8_333_333n, bob: 4_166_667n };
const PREMIUMS = { alice: 99_999_996n, bob: 50_000_004n };
// The payout pro rata of the locks: 1,111,110.6… and 555,555.4…, the unit to the larger remainder.
const DEBITS = { alice: 1_111_111n, bob: 555_555n };

/** The vault's totals after the history (what `get-totals` would report): the premium is STX. */
const vaultAfter = (sbtcBalance: bigint, sbtcLocked: bigint) => [
  { token: 'STX' as const, balance: 1_000_000_000n + 50_000_000_000n + 150_000_000n, locked: 0n },
  { token: 'SBTC' as const, balance: sbtcBalance, locked: sbtcLocked },
];

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`sBTC-backed CALL ingestion on ${target.label}`, () => {
    let clean: DatabaseHandle;
    let messy: DatabaseHandle;
    beforeAll(async () => {
      clean = await target.open();
      messy = await target.open();
      await seedTiers(clean.db);
      await seedTiers(messy.db);
    });
    afterAll(async () => {
      await clean?.close();
      await messy?.close();
    });

    const idOf = async (handle: DatabaseHandle, principal: string) =>
      (await handle.db.select().from(providers).where(eq(providers.principal, principal)))[0]!.id;
    /** The policy's ledger entries not reversed, as [who, type, token, amount], sorted. */
    const policyEntries = async (handle: DatabaseHandle) => {
      const names = new Map([
        [await idOf(handle, alice), 'alice'],
        [await idOf(handle, bob), 'bob'],
      ]);
      const rows = await handle.db.select().from(ledgerEntries);
      const reversed = new Set(
        rows
          .filter((r) => r.type === 'CHAIN_REVERSAL')
          .map((r) => r.idempotencyKey.slice('reversal:'.length)),
      );
      return rows
        .filter((r) => r.policyId !== null && r.type !== 'CHAIN_REVERSAL' && !reversed.has(r.idempotencyKey))
        .map((r) => [names.get(r.providerId) ?? r.providerId, r.type, r.token, r.amount] as const)
        .sort((a, b) => `${a[1]}${a[0]}`.localeCompare(`${b[1]}${b[0]}`));
    };
    const balances = async (handle: DatabaseHandle) =>
      (
        await handle.db
          .select({ principal: providers.principal, b: providerBalances })
          .from(providerBalances)
          .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      )
        .map(({ principal, b: { createdAt: _c, updatedAt: _u, providerId: _p, ...b } }) => ({
          principal,
          ...b,
        }))
        .sort((x, y) => `${x.principal}${x.token}`.localeCompare(`${y.principal}${y.token}`));

    it('locks sats across the sBTC providers and shares the premium in STX; expiry releases the sats', async () => {
      await ingestChainhookDelivery(clean.db, chainhookDelivery([s1, s2]));
      expect(
        (await clean.db.select().from(policyAllocations))
          .map((a) => [a.token, a.amount, a.premiumAmount])
          .sort((a, b) => Number((b[1] as bigint) - (a[1] as bigint))),
      ).toEqual([
        ['SBTC', LOCKS.alice, PREMIUMS.alice],
        ['SBTC', LOCKS.bob, PREMIUMS.bob],
      ]);
      expect(await policyEntries(clean)).toEqual([
        ['alice', 'LOCK', 'SBTC', LOCKS.alice],
        ['bob', 'LOCK', 'SBTC', LOCKS.bob],
      ]);
      expect((await reconcileVault(clean.db, vaultAfter(300_000_000n, COLLATERAL))).reconciled).toBe(true);
      // Bob deposited only sBTC: no STX row until he is owed a premium.
      expect((await balances(clean)).filter((b) => b.principal === bob).map((b) => b.token)).toEqual([
        'SBTC',
      ]);

      await ingestChainhookDelivery(clean.db, chainhookDelivery([s3]));
      expect(await policyEntries(clean)).toEqual([
        ['alice', 'LOCK', 'SBTC', LOCKS.alice],
        ['bob', 'LOCK', 'SBTC', LOCKS.bob],
        ['alice', 'PREMIUM_PENDING', 'STX', PREMIUMS.alice],
        ['bob', 'PREMIUM_PENDING', 'STX', PREMIUMS.bob],
        ['alice', 'RELEASE', 'SBTC', LOCKS.alice],
        ['bob', 'RELEASE', 'SBTC', LOCKS.bob],
      ]);
      expect(
        (await clean.db.select().from(premiumDistributions)).map((d) => [d.token, d.totalAmount]),
      ).toEqual([['STX', 150_000_000n]]);
      expect(
        (await clean.db.select().from(providerPremiumDistributions)).map((d) => d.token + d.amount).sort(),
      ).toEqual([`STX${PREMIUMS.alice}`, `STX${PREMIUMS.bob}`].sort());
      const bobs = (await balances(clean)).filter((b) => b.principal === bob);
      expect(bobs.map((b) => [b.token, b.available, b.locked, b.pendingPremiums])).toEqual([
        ['SBTC', 100_000_000n, 0n, 0n],
        ['STX', 0n, 0n, PREMIUMS.bob],
      ]);
      // Carol's STX backed nothing.
      const carols = (await balances(clean)).filter((b) => b.principal === carol);
      expect(carols.map((b) => [b.token, b.locked, b.pendingPremiums])).toEqual([['STX', 0n, 0n]]);
      expect(await verifyLedger(clean.db)).toEqual([]);
      expect((await reconcileVault(clean.db, vaultAfter(300_000_000n, 0n))).reconciled).toBe(true);
    });

    it('debits an sBTC payout in SBTC, and a re-org of that settlement reverses exactly its entries', async () => {
      await ingestChainhookDelivery(messy.db, chainhookDelivery([s1, s2, s3fork]));
      expect(await policyEntries(messy)).toEqual([
        ['alice', 'LOCK', 'SBTC', LOCKS.alice],
        ['bob', 'LOCK', 'SBTC', LOCKS.bob],
        ['alice', 'PREMIUM_PENDING', 'STX', PREMIUMS.alice],
        ['bob', 'PREMIUM_PENDING', 'STX', PREMIUMS.bob],
        ['alice', 'RELEASE', 'SBTC', LOCKS.alice - DEBITS.alice],
        ['bob', 'RELEASE', 'SBTC', LOCKS.bob - DEBITS.bob],
        ['alice', 'SETTLEMENT_DEBIT', 'SBTC', DEBITS.alice],
        ['bob', 'SETTLEMENT_DEBIT', 'SBTC', DEBITS.bob],
      ]);
      expect(DEBITS.alice + DEBITS.bob).toBe(PAYOUT);
      const sbtc = (await balances(messy)).filter((b) => b.token === 'SBTC');
      expect(sbtc.map((b) => [b.available, b.locked])).toEqual(
        [
          [alice, 200_000_000n - DEBITS.alice],
          [bob, 100_000_000n - DEBITS.bob],
        ]
          .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
          .map(([, v]) => [v, 0n]),
      );
      expect(await verifyLedger(messy.db)).toEqual([]);
      // The vault paid the buyer the payout in sats: vault = mirror = ledger per token.
      expect((await reconcileVault(messy.db, vaultAfter(300_000_000n - PAYOUT, 0n))).reconciled).toBe(true);
      const settlementEntries = (await messy.db.select().from(ledgerEntries)).filter((e) =>
        e.idempotencyKey.includes(`@${s3fork.block_identifier.hash}`),
      );
      expect(settlementEntries).toHaveLength(6);

      // The fork loses: exactly its six entries are reversed, and the expiry applies instead.
      const reorg = await ingestChainhookDelivery(messy.db, chainhookDelivery([s3], [s3fork]));
      expect(reorg).toMatchObject({ rolledBackEvents: 3 });
      const reversals = (await messy.db.select().from(ledgerEntries)).filter(
        (e) => e.type === 'CHAIN_REVERSAL',
      );
      expect(
        reversals
          .map((r) => [r.idempotencyKey, r.token, r.amount])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual(
        settlementEntries
          .map((e) => [`reversal:${e.idempotencyKey}`, e.token, e.amount])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(await balances(messy)).toEqual(await balances(clean));
      expect(await policyEntries(messy)).toEqual(await policyEntries(clean));
      expect(await getPoolMetrics(messy.db)).toEqual(await getPoolMetrics(clean.db));
      expect(await verifyLedger(messy.db)).toEqual([]);
      expect((await reconcileVault(messy.db, vaultAfter(300_000_000n, 0n))).reconciled).toBe(true);
    });
  });
}
