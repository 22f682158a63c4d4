/**
 * Reconciliation: the real contracts run a lifecycle in the Clarinet simnet, every block's print
 * events are delivered to ingestion as Chainhook payloads, and the backend's pool totals must
 * equal what the vault contract reports and actually holds.
 */

import {
  CHAIN_IDS,
  contractIds,
  type QuoteTerms,
  quoteTermsCV,
  quoteValidUntil,
  signQuoteTerms,
  toPlain,
  watchedContracts,
} from '@bithedge/contracts';
import { chainhookBlock, freshSimnet } from '@bithedge/contracts/simnet';
import {
  type DatabaseHandle,
  openDatabase,
  policies,
  policyAllocations,
  providerBalances,
  providers,
  seedTiers,
} from '@bithedge/db';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { requestWithdrawal, verifyLedger } from '../ledger';
import { getPoolMetrics, ingestChainhookDelivery, parseChainhookDelivery } from './ingest';
import { reconcileVault } from './reconciliation';

const operator = devnetAccount('deployer');
const ids = contractIds('devnet');
const CONTRACTS = watchedContracts(ids);

describe('vault ↔ backend reconciliation', () => {
  let simnet: Simnet;
  let handle: DatabaseHandle;
  let height = 0;
  type Call = ReturnType<Simnet['callPublicFn']>;

  const deliver = async (calls: Call[]) => {
    for (const call of calls) expect(call.result.type, JSON.stringify(call.result)).toBe('ok');
    const payload = { apply: [chainhookBlock(++height, calls)], rollback: [] };
    await ingestChainhookDelivery(
      handle.db,
      parseChainhookDelivery(JSON.parse(JSON.stringify(payload)), CONTRACTS),
    );
  };
  const call = (contract: string, fn: string, args: ClarityValue[], sender: string) =>
    simnet.callPublicFn(contract, fn, args, sender);

  async function expectReconciled() {
    const onChain = toPlain(
      simnet.callReadOnlyFn('liquidity-pool-vault', 'get-totals', [Cl.stringAscii('STX')], operator.address)
        .result,
    ) as { balance: bigint; locked: bigint };
    const held = simnet.getAssetsMap().get('STX')?.get(ids.vault) ?? 0n;
    // The vault's books, the backend's mirror of them and the provider ledger all agree.
    const result = await reconcileVault(handle.db, [{ token: 'STX', ...onChain }]);
    expect(result.tokens[0]?.mirror).toEqual(onChain);
    expect(result.tokens[0]?.ledger).toEqual(onChain);
    expect(result.reconciled).toBe(true);
    expect(held).toBe(onChain.balance);
    expect(await verifyLedger(handle.db)).toEqual([]);
  }
  const balanceOf = async (principal: string) => {
    const [row] = await handle.db
      .select()
      .from(providerBalances)
      .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      .where(eq(providers.principal, principal));
    return row!.provider_balances;
  };

  beforeAll(async () => {
    simnet = await freshSimnet();
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
    call('policy-registry', 'set-quote-key', [Cl.bufferFromHex(operator.publicKey)], operator.address);
  });
  afterAll(() => handle?.close());

  it('stays equal through deposits, purchases, locks, expiry, exercise and withdrawal', async () => {
    const alice = devnetAccount('wallet_1').address;
    const bob = devnetAccount('wallet_2').address;
    const buyer = devnetAccount('wallet_3').address;
    await deliver([
      call(
        'liquidity-pool-vault',
        'deposit-stx',
        [Cl.uint(20_000_000_000), Cl.stringAscii('balanced')],
        alice,
      ),
      call('liquidity-pool-vault', 'deposit-stx', [Cl.uint(10_000_000_000), Cl.stringAscii('balanced')], bob),
    ]);
    await expectReconciled();

    const quote = (n: number, premium: bigint): QuoteTerms => ({
      quoteId: `00000000-0000-4000-8000-00000000000${n}`,
      buyer,
      policyType: 'PUT',
      strikeUsd: 5_400_000_000_000n,
      amountSats: 10_000_000n,
      protectedValue: 3_000_000_000n,
      premium,
      expirationHeight: BigInt(simnet.burnBlockHeight) + BLOCKS_PER_DAY,
      validUntil: quoteValidUntil(Number(simnet.getBlockTime())),
      // 3,000 STX protected at the balanced tier's 125% collateral ratio.
      collateral: 3_750_000_000n,
    });
    for (const [n, premium] of [
      [1, 150_000_000n],
      [2, 90_000_000n],
    ] as const) {
      const terms = quote(n, premium);
      const signature = signQuoteTerms(terms, operator.privateKey, CHAIN_IDS.devnet, ids.registry);
      await deliver([
        call('policy-registry', 'purchase-policy', [quoteTermsCV(terms), Cl.bufferFromHex(signature)], buyer),
      ]);
      // The purchase locked the collateral on chain; the backend allocated exactly that amount.
      const [policy] = await handle.db
        .select()
        .from(policies)
        .where(eq(policies.onchainId, String(n)));
      expect(policy).toMatchObject({ status: 'ACTIVE', tier: 'balanced', premiumAmount: premium });
      // 3,000 STX protected at the balanced tier's 125% collateral ratio.
      expect(policy?.collateralAmount).toBe(3_750_000_000n);
    }
    await expectReconciled();
    // Both providers back both policies, 2 : 1 as their capacity, to the micro-STX.
    const parts = await handle.db.select().from(policyAllocations).orderBy(policyAllocations.id);
    expect(parts.map((p) => p.amount)).toEqual([
      2_500_000_000n,
      1_250_000_000n,
      2_500_000_000n,
      1_250_000_000n,
    ]);
    expect(parts.map((p) => p.premiumAmount)).toEqual([100_000_000n, 50_000_000n, 60_000_000n, 30_000_000n]);
    expect((await balanceOf(alice)).locked).toBe(5_000_000_000n);

    // At expiry policy 1 is exercised for part of its collateral; the rest is released with it.
    simnet.mineEmptyBurnBlocks(Number(BLOCKS_PER_DAY));
    await deliver([
      call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(1_100_000_000)], operator.address),
    ]);
    await expectReconciled();
    // The payout came out of the backers' collateral 2 : 1 (largest remainder: 733,333,333.3 and
    // 366,666,666.7 round to parts that sum to the payout exactly); their premium is now pending.
    expect((await balanceOf(alice)).available).toBe(20_000_000_000n - 2_500_000_000n - 733_333_333n);
    expect(await balanceOf(bob)).toMatchObject({
      available: 10_000_000_000n - 1_250_000_000n - 366_666_667n,
      locked: 1_250_000_000n,
      pendingPremiums: 50_000_000n,
    });
    const [exercised] = await handle.db.select().from(policies).where(eq(policies.onchainId, '1'));
    expect(exercised).toMatchObject({ status: 'EXERCISED', settlementAmount: 1_100_000_000n });

    // Policy 2 expires out of the money; its collateral is released in the same call.
    await deliver([call('policy-registry', 'expire-policy', [Cl.uint(2)], operator.address)]);
    await expectReconciled();
    expect(await balanceOf(bob)).toMatchObject({ locked: 0n, pendingPremiums: 80_000_000n });

    // A provider asks to withdraw (reserved in the ledger), the operator authorizes it on chain,
    // and the provider's own withdrawal settles the reservation.
    await requestWithdrawal(handle.db, {
      principal: alice,
      token: 'STX',
      amount: 500_000_000n,
      requestId: 'w1',
    });
    await deliver([
      call(
        'liquidity-pool-vault',
        'set-withdrawal-allowance',
        [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(0), Cl.uint(500_000_000)],
        operator.address,
      ),
    ]);
    await deliver([call('liquidity-pool-vault', 'withdraw-stx', [Cl.uint(500_000_000)], alice)]);
    await expectReconciled();
    expect(await balanceOf(alice)).toMatchObject({ pendingWithdrawal: 0n, totalWithdrawn: 500_000_000n });
    const stx = (await getPoolMetrics(handle.db)).find((m) => m.token === 'STX');
    expect(stx?.vaultBalance).toBe(
      30_000_000_000n + 150_000_000n + 90_000_000n - 1_100_000_000n - 500_000_000n,
    );
  });
});
