/**
 * A buyer's whole path on the real contracts: a saved quote is signed for purchase, the buyer's
 * call on the local chain pays the premium, ingestion records the policy linked to its quote and
 * allocates its collateral, and the operator locks it on chain.
 */
import {
  buyPolicyCall,
  contractIds,
  depositCall,
  PURCHASE_WINDOW_SECONDS,
  toPlain,
} from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import {
  type DatabaseHandle,
  openDatabase,
  policies,
  quotes,
  seedRiskParameters,
  seedTiers,
} from '@bithedge/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localChainClock } from '../adapters/chain-clock';
import { SimulatedPriceFeed } from '../adapters/price-feed';
import { localVaultChain } from '../adapters/vault-chain';
import { createQuotingContext, type QuotingContext } from '../context';
import { devnetAccount } from '../devnet-accounts';
import { DEVNET_QUOTE_SIGNER } from '../testing';
import { deliverTo, localChainForTests } from '../testing-local-chain';
import { recordMarketSnapshot } from './market-data';
import { listOwnPolicies } from './policies/owned';
import { saveQuote, signQuoteForPurchase } from './quotes';
import { reconcileVault } from './reconciliation';
import { operateVault } from './vault-operator';

const ids = contractIds('devnet');
const operator = devnetAccount('deployer');
const provider = devnetAccount('wallet_1').address;
const buyer = devnetAccount('wallet_3').address;
const params = { protectedValuePercentage: 90, amount: '0.05', days: 7, policyType: 'PUT' as const };

describe('buying a signed quote', () => {
  let chain: LocalChain;
  let handle: DatabaseHandle;
  let quoting: QuotingContext;
  const deliver = (submitted: SubmittedCall) => deliverTo(handle.db)(submitted);

  beforeAll(async () => {
    chain = await localChainForTests();
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
    await seedRiskParameters(handle.db);
    await recordMarketSnapshot(handle.db, new SimulatedPriceFeed());
    quoting = createQuotingContext({
      signer: DEVNET_QUOTE_SIGNER,
      chain: localChainClock(async () => chain),
    });
  });
  afterAll(() => handle?.close());

  it('is refused while the pool cannot back it, or where no key signs quotes', async () => {
    const quote = await saveQuote(handle.db, buyer, { params }, quoting);
    await expect(signQuoteForPurchase(handle.db, buyer, quote.id, quoting)).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      message: expect.stringMatching(/cannot back this policy/),
    });
    await expect(
      signQuoteForPurchase(handle.db, buyer, quote.id, { ...quoting, signer: null }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('is bought on chain, recorded with its quote, allocated and locked', async () => {
    await deliver(
      chain.runAs(
        depositCall(ids, { provider, token: 'STX', amount: 50_000_000_000_000n, tier: 'balanced' }),
        provider,
      ),
    );
    const quote = await saveQuote(handle.db, buyer, { params }, quoting);
    const { terms, signature, collateralMicroStx } = await signQuoteForPurchase(
      handle.db,
      buyer,
      quote.id,
      quoting,
    );
    // C1: purchasable for a few minutes of the chain's own time (not the server's clock).
    expect(terms.validUntil).toBe(BigInt(chain.blockTime + PURCHASE_WINDOW_SECONDS));
    // M2: the terms carry the collateral the purchase locks.
    expect(terms.collateral).toBe(collateralMicroStx);
    expect(terms.buyer).toBe(buyer);

    const bought = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(bought.result).toBe('(ok u1)');
    const [policy] = await handle.db.select().from(policies).where(eq(policies.onchainId, '1'));
    expect(policy).toMatchObject({
      status: 'ACTIVE',
      quoteId: quote.id,
      tier: 'balanced',
      premiumAmount: terms.premium,
      premiumUsd: quote.premiumUsd,
      collateralAmount: collateralMicroStx,
    });
    // The buyer sees it among their own policies; no one else does.
    expect((await listOwnPolicies(handle.db, buyer)).map((p) => [p.onchainId, p.status])).toEqual([
      ['1', 'ACTIVE'],
    ]);
    expect(await listOwnPolicies(handle.db, provider)).toEqual([]);
    const [saved] = await handle.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(saved?.status).toBe('PURCHASED');

    // The same signed quote cannot be bought twice.
    const again = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(again.result).toBe('(err u203)');

    // The purchase itself locked the collateral: the operator has nothing to lock.
    const vault = localVaultChain(chain, ids, operator.address, deliver);
    const pass = await operateVault(handle.db, vault, { ids, maxPriceAgeMs: 3_600_000, now: new Date() });
    expect(pass.actions).toEqual([]);
    const totals = toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };
    expect(totals.locked).toBe(collateralMicroStx);
    expect((await reconcileVault(handle.db, [{ token: 'STX', ...totals }])).reconciled).toBe(true);
  });
});
