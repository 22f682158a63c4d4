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
  signQuoteTerms,
  toPlain,
  watchedContracts,
} from '@bithedge/contracts';
import { chainhookBlock, freshSimnet } from '@bithedge/contracts/simnet';
import { type DatabaseHandle, openDatabase } from '@bithedge/db';
import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../devnet-accounts';
import { getPoolMetrics, ingestChainhookDelivery, parseChainhookDelivery } from './chain-ingestion';

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
    const backend = (await getPoolMetrics(handle.db)).find((m) => m.token === 'STX');
    expect(backend?.vaultBalance).toBe(onChain.balance);
    expect(backend?.totalLocked).toBe(onChain.locked);
    expect(backend?.vaultBalance).toBe(held);
  }

  beforeAll(async () => {
    simnet = await freshSimnet();
    handle = await openDatabase({ dataDir: 'memory://' });
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
        [Cl.uint(6_000_000_000), Cl.stringAscii('balanced')],
        alice,
      ),
      call(
        'liquidity-pool-vault',
        'deposit-stx',
        [Cl.uint(4_000_000_000), Cl.stringAscii('conservative')],
        bob,
      ),
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
      expirationHeight: BigInt(simnet.burnBlockHeight + 144),
      validUntil: BigInt(simnet.burnBlockHeight + 6),
    });
    for (const [n, premium] of [
      [1, 150_000_000n],
      [2, 90_000_000n],
    ] as const) {
      const terms = quote(n, premium);
      const signature = signQuoteTerms(terms, operator.privateKey, CHAIN_IDS.devnet);
      await deliver([
        call('policy-registry', 'purchase-policy', [quoteTermsCV(terms), Cl.bufferFromHex(signature)], buyer),
      ]);
      await deliver([
        call(
          'liquidity-pool-vault',
          'lock-collateral',
          [Cl.uint(n), Cl.stringAscii('STX'), Cl.uint(3_000_000_000)],
          operator.address,
        ),
      ]);
    }
    await expectReconciled();

    // Policy 1 is exercised for part of its collateral; the rest is released.
    await deliver([
      call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(1_100_000_000)], operator.address),
    ]);
    await deliver([call('liquidity-pool-vault', 'release-collateral', [Cl.uint(1)], operator.address)]);
    await expectReconciled();

    // Policy 2 expires out of the money.
    simnet.mineEmptyBurnBlocks(144);
    await deliver([call('policy-registry', 'expire-policy', [Cl.uint(2)], operator.address)]);
    await deliver([call('liquidity-pool-vault', 'release-collateral', [Cl.uint(2)], operator.address)]);
    await expectReconciled();

    // A provider withdraws what the operator authorized.
    await deliver([
      call(
        'liquidity-pool-vault',
        'set-withdrawal-allowance',
        [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(500_000_000)],
        operator.address,
      ),
    ]);
    await deliver([call('liquidity-pool-vault', 'withdraw-stx', [Cl.uint(500_000_000)], alice)]);
    await expectReconciled();
    const stx = (await getPoolMetrics(handle.db)).find((m) => m.token === 'STX');
    expect(stx?.vaultBalance).toBe(
      10_000_000_000n + 150_000_000n + 90_000_000n - 1_100_000_000n - 500_000_000n,
    );
  });
});
