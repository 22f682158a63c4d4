import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl, Pc } from '@stacks/transactions';
import { beforeEach, describe, expect, it } from 'vitest';
import { buyPolicyCall, type ContractCall, exercisePolicyCall, expirePolicyCall } from '../src/calls';
import { contractIds } from '../src/contract-ids';
import { REGISTRY_ERRORS, VAULT_ERRORS } from '../src/errors';
import { decodeContractEvent } from '../src/events';
import { postConditionViolations } from '../src/post-conditions';
import { CHAIN_IDS, type QuoteTerms, quoteValidUntil, signQuoteTerms } from '../src/quote-terms';
import { freshSimnet, printed } from '../src/simnet';

// Clarinet's public devnet keys: the deployer is the operator and signs quotes.
const OPERATOR_KEY = '753b7cc01a1a2e86221266a154af739463fce51219d97e4f856cd7200c3bd2a601';
const OPERATOR_PUBKEY = '0390a5cac7c33fda49f70bc1b0866fa0ba7a9440d9de647fecb8132ceb76a94dfa';
const err = (code: number) => Cl.error(Cl.uint(code));
const ids = contractIds('devnet');
const SBTC_ASSET = `${ids.sbtc}::sbtc-token`;

// 1 BTC of sBTC in the pool; a 0.1 BTC CALL struck at $60,000 (USD with 8 decimals).
const POOL_SATS = 100_000_000n;
const STRIKE_USD = 6_000_000_000_000n;
const AMOUNT_SATS = 10_000_000n;
const PREMIUM = 150_000_000n;

// The mock's code, pointing at the deployer's trait: deployed under another address, a look-alike.
const LOOK_ALIKE_SOURCE = readFileSync(
  fileURLToPath(new URL('../contracts/mock-sbtc.clar', import.meta.url)),
  'utf8',
).replace('.sip-010-trait.', "'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.sip-010-trait.");

/** The operator's off-chain payout of an sBTC CALL: floor((S − K) × amount / S) sats. */
const callPayoutSats = (spotUsd: bigint, strikeUsd: bigint, amountSats: bigint) =>
  spotUsd > strikeUsd ? ((spotUsd - strikeUsd) * amountSats) / spotUsd : 0n;

describe('sBTC-backed CALL policies', () => {
  let simnet: Simnet;
  let deployer: string;
  let alice: string;
  let buyer: string;
  let quoteCounter = 0;

  const run = (call: ContractCall, sender: string) => {
    const [, name] = call.contract.split('.');
    return simnet.callPublicFn(name as string, call.functionName, call.functionArgs, sender);
  };
  const sbtc = (who: string) => {
    const r = simnet.callReadOnlyFn('mock-sbtc', 'get-balance', [Cl.principal(who)], deployer).result;
    return r.type === 'ok' && r.value.type === 'uint' ? BigInt(r.value.value) : -1n;
  };
  const stx = (who: string) => simnet.getAssetsMap().get('STX')?.get(who) ?? 0n;
  const totals = (token: 'STX' | 'SBTC') =>
    simnet.callReadOnlyFn('liquidity-pool-vault', 'get-totals', [Cl.stringAscii(token)], deployer).result;
  const sbtcTotals = (balance: bigint, locked: bigint) =>
    Cl.tuple({ balance: Cl.uint(balance), locked: Cl.uint(locked) });

  function terms(overrides: Partial<QuoteTerms> = {}): QuoteTerms {
    quoteCounter++;
    return {
      quoteId: `00000000-0000-4000-8000-${quoteCounter.toString(16).padStart(12, '0')}`,
      buyer,
      policyType: 'CALL',
      strikeUsd: STRIKE_USD,
      amountSats: AMOUNT_SATS,
      // An sBTC CALL's payout never exceeds its amount: the amount is what it protects, in sats.
      protectedValue: AMOUNT_SATS,
      premium: PREMIUM,
      expirationHeight: BigInt(simnet.burnBlockHeight + 144),
      validUntil: quoteValidUntil(Number(simnet.getBlockTime())),
      collateral: AMOUNT_SATS,
      collateralToken: 'SBTC',
      ...overrides,
    };
  }
  const buy = (t: QuoteTerms, signed: QuoteTerms = t) =>
    run(buyPolicyCall(ids, t, signQuoteTerms(signed, OPERATOR_KEY, CHAIN_IDS.devnet, ids.registry)), buyer);

  beforeEach(async () => {
    simnet = await freshSimnet();
    const accounts = simnet.getAccounts();
    deployer = accounts.get('deployer') as string;
    alice = accounts.get('wallet_1') as string;
    buyer = accounts.get('wallet_3') as string;
    simnet.callPublicFn('policy-registry', 'set-quote-key', [Cl.bufferFromHex(OPERATOR_PUBKEY)], deployer);
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(POOL_SATS), Cl.principal(alice)], deployer);
    const deposit = simnet.callPublicFn(
      'liquidity-pool-vault',
      'deposit-sbtc',
      [Cl.principal(ids.sbtc), Cl.uint(POOL_SATS), Cl.stringAscii('balanced')],
      alice,
    );
    expect(deposit.result).toEqual(Cl.ok(Cl.uint(POOL_SATS)));
  });

  it('buys a CALL backed by sBTC: the premium is STX, the sats are locked, events name SBTC', () => {
    const t = terms();
    const buyerStx = stx(buyer);
    const bought = buy(t);
    expect(bought.result).toEqual(Cl.ok(Cl.uint(1)));
    expect(stx(buyer)).toBe(buyerStx - PREMIUM);
    expect(totals('SBTC')).toEqual(sbtcTotals(POOL_SATS, AMOUNT_SATS));
    expect(totals('STX')).toEqual(sbtcTotals(PREMIUM, 0n));
    expect(sbtc(ids.vault)).toBe(POOL_SATS);
    // The buyer's only transfer is the premium, as the binding's post-condition says.
    expect(
      postConditionViolations(buyPolicyCall(ids, t, '00'.repeat(65)).postConditions, 'deny', bought.events),
    ).toEqual([]);
    const events = printed(bought.events).map((e) => decodeContractEvent(e as Record<string, unknown>));
    expect(events).toContainEqual({ event: 'lock', 'policy-id': 1n, token: 'SBTC', amount: AMOUNT_SATS });
    expect(events).toContainEqual({
      event: 'premium',
      'policy-id': 1n,
      buyer,
      token: 'STX',
      amount: PREMIUM,
    });
    expect(events.find((e) => e.event === 'policy-created')).toMatchObject({
      token: 'SBTC',
      collateral: AMOUNT_SATS,
      'protected-value': AMOUNT_SATS,
      premium: PREMIUM,
    });
    const policy = simnet.callReadOnlyFn('policy-registry', 'get-policy', [Cl.uint(1)], deployer).result;
    expect(policy).toMatchObject({ type: 'some' });
    expect(JSON.stringify(policy, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toContain(
      '"collateral-token":{"type":"ascii","value":"SBTC"}',
    );
    expect(
      simnet.callReadOnlyFn('liquidity-pool-vault', 'get-policy-collateral', [Cl.uint(1)], deployer).result,
    ).toEqual(Cl.some(Cl.tuple({ token: Cl.stringAscii('SBTC'), amount: Cl.uint(AMOUNT_SATS) })));
  });

  it('out of the money: expiry releases the locked sats and moves no sBTC', () => {
    buy(terms());
    simnet.mineEmptyBurnBlocks(144);
    const expired = run(expirePolicyCall(ids, 1n), deployer);
    expect(expired.result).toEqual(Cl.ok(Cl.bool(true)));
    expect(expired.events.filter((e) => e.event === 'ft_transfer_event')).toEqual([]);
    expect(printed(expired.events)).toContainEqual({
      event: 'release',
      'policy-id': 1n,
      token: 'SBTC',
      amount: AMOUNT_SATS,
    });
    expect(totals('SBTC')).toEqual(sbtcTotals(POOL_SATS, 0n));
    expect(sbtc(ids.vault)).toBe(POOL_SATS);
    expect(sbtc(buyer)).toBe(0n);
  });

  it('in the money: the buyer receives exactly the payout in sBTC; the rest is released', () => {
    buy(terms());
    // BTC at $75,000 at expiry: (75,000 − 60,000) / 75,000 × 0.1 BTC = 0.02 BTC.
    const payout = callPayoutSats(7_500_000_000_000n, STRIKE_USD, AMOUNT_SATS);
    expect(payout).toBe(2_000_000n);
    const call = exercisePolicyCall(ids, { policyId: 1n, payout, token: 'SBTC' });
    expect(call.functionName).toBe('exercise-policy-sbtc');
    expect(call.postConditions).toEqual([
      {
        type: 'ft-postcondition',
        address: ids.vault,
        condition: 'eq',
        amount: payout.toString(),
        asset: SBTC_ASSET,
      },
    ]);
    expect(run(call, deployer).result).toEqual(err(REGISTRY_ERRORS.NOT_EXPIRED));
    simnet.mineEmptyBurnBlocks(144);
    const exercised = run(call, deployer);
    expect(exercised.result).toEqual(Cl.ok(Cl.uint(payout)));
    expect(postConditionViolations(call.postConditions, 'deny', exercised.events)).toEqual([]);
    expect(sbtc(buyer)).toBe(payout);
    expect(sbtc(ids.vault)).toBe(POOL_SATS - payout);
    expect(totals('SBTC')).toEqual(sbtcTotals(POOL_SATS - payout, 0n));
    expect(totals('STX')).toEqual(sbtcTotals(PREMIUM, 0n));
    const events = printed(exercised.events).map((e) => decodeContractEvent(e as Record<string, unknown>));
    expect(events).toEqual([
      { event: 'settlement', 'policy-id': 1n, buyer, token: 'SBTC', amount: payout },
      { event: 'release', 'policy-id': 1n, token: 'SBTC', amount: AMOUNT_SATS - payout },
      { event: 'policy-exercised', 'policy-id': 1n, buyer, token: 'SBTC', amount: payout },
    ]);
    // Settled once.
    expect(run(call, deployer).result).toEqual(err(REGISTRY_ERRORS.NOT_ACTIVE));
  });

  it('refuses a settlement whose post-condition names another amount or asset (deny mode)', () => {
    buy(terms());
    simnet.mineEmptyBurnBlocks(144);
    const payout = 2_000_000n;
    const call = exercisePolicyCall(ids, { policyId: 1n, payout, token: 'SBTC' });
    const exercised = run(call, deployer);
    const vault = Pc.principal(ids.vault);
    const lower = [vault.willSendEq(payout - 1n).ft(ids.sbtc as `${string}.${string}`, 'sbtc-token')];
    expect(postConditionViolations(lower, 'deny', exercised.events)).toEqual([
      `${ids.vault} sent ${SBTC_ASSET}: ${payout}, but the condition is eq ${payout - 1n}`,
    ]);
    // The STX call's condition (the vault sends micro-STX) does not let sBTC leave.
    const stxCondition = exercisePolicyCall(ids, { policyId: 1n, payout }).postConditions;
    expect(postConditionViolations(stxCondition, 'deny', exercised.events)).toEqual([
      `${ids.vault} sent STX: 0, but the condition is eq ${payout}`,
      `${ids.vault} sent ${SBTC_ASSET}: ${payout}, which no post-condition allows (deny mode)`,
    ]);
  });

  it('refuses an over-payout, a payout above the protected value, the wrong token, function or caller', () => {
    // Collateral below the protected value, so the lock is what caps the payout.
    const t = terms({ collateral: 1_500_000n });
    expect(buy(t).result).toEqual(Cl.ok(Cl.uint(1)));
    simnet.mineEmptyBurnBlocks(144);
    const exercise = (payout: bigint, token: 'STX' | 'SBTC' = 'SBTC', sender = deployer) =>
      run(exercisePolicyCall(ids, { policyId: 1n, payout, token }), sender).result;
    expect(exercise(1_500_001n)).toEqual(err(VAULT_ERRORS.EXCEEDS_COLLATERAL));
    expect(exercise(AMOUNT_SATS + 1n)).toEqual(err(REGISTRY_ERRORS.EXCEEDS_PROTECTED));
    // An sBTC-backed policy is never paid in STX.
    expect(exercise(1_000n, 'STX')).toEqual(err(VAULT_ERRORS.INVALID_TOKEN));
    expect(exercise(1_000n, 'SBTC', alice)).toEqual(err(REGISTRY_ERRORS.UNAUTHORIZED));
    expect(
      simnet.callPublicFn(
        'liquidity-pool-vault',
        'pay-settlement-sbtc',
        [Cl.uint(1), Cl.principal(ids.sbtc), Cl.principal(deployer), Cl.uint(1n)],
        deployer,
      ).result,
    ).toEqual(err(VAULT_ERRORS.UNAUTHORIZED));
    // A look-alike token (the same code deployed elsewhere) is never the one paid out.
    simnet.deployContract('fake-sbtc', LOOK_ALIKE_SOURCE, { clarityVersion: 5 }, alice);
    expect(
      simnet.callPublicFn(
        'policy-registry',
        'exercise-policy-sbtc',
        [Cl.uint(1), Cl.contractPrincipal(alice, 'fake-sbtc'), Cl.uint(1_000n)],
        deployer,
      ).result,
    ).toEqual(err(VAULT_ERRORS.INVALID_TOKEN));
    // Nothing moved and the policy is still active: the full collateral is payable.
    expect(sbtc(buyer)).toBe(0n);
    expect(totals('SBTC')).toEqual(sbtcTotals(POOL_SATS, 1_500_000n));
    expect(exercise(1_500_000n)).toEqual(Cl.ok(Cl.uint(1_500_000n)));
    expect(sbtc(buyer)).toBe(1_500_000n);
    expect(totals('SBTC')).toEqual(sbtcTotals(POOL_SATS - 1_500_000n, 0n));
  });

  it('pays an STX-backed policy in STX only', () => {
    simnet.callPublicFn(
      'liquidity-pool-vault',
      'deposit-stx',
      [Cl.uint(5_000_000_000n), Cl.stringAscii('balanced')],
      alice,
    );
    const t = terms({ collateralToken: 'STX', collateral: 3_000_000_000n, protectedValue: 3_000_000_000n });
    expect(buy(t).result).toEqual(Cl.ok(Cl.uint(1)));
    simnet.mineEmptyBurnBlocks(144);
    const sbtcExercise = exercisePolicyCall(ids, { policyId: 1n, payout: 1_000n, token: 'SBTC' });
    expect(run(sbtcExercise, deployer).result).toEqual(err(VAULT_ERRORS.INVALID_TOKEN));
    expect(run(exercisePolicyCall(ids, { policyId: 1n, payout: 1_000n }), deployer).result).toEqual(
      Cl.ok(Cl.uint(1_000n)),
    );
  });

  it('refuses a PUT backed by sBTC, an unknown collateral token, and a switched token', () => {
    const buyerStx = stx(buyer);
    expect(buy(terms({ policyType: 'PUT' })).result).toEqual(err(REGISTRY_ERRORS.INVALID_COLLATERAL));
    expect(buy(terms({ collateralToken: 'BTC' as 'SBTC' })).result).toEqual(
      err(REGISTRY_ERRORS.INVALID_COLLATERAL),
    );
    // The token is signed: a quote signed for sBTC backing cannot be bought as STX-backed.
    const signed = terms();
    expect(buy({ ...signed, collateralToken: 'STX' }, signed).result).toEqual(
      err(REGISTRY_ERRORS.BAD_SIGNATURE),
    );
    // More sats than the pool has free: refused, premium unpaid.
    expect(buy(terms({ collateral: POOL_SATS + 1n })).result).toEqual(
      err(VAULT_ERRORS.INSUFFICIENT_LIQUIDITY),
    );
    expect(stx(buyer)).toBe(buyerStx);
    expect(totals('SBTC')).toEqual(sbtcTotals(POOL_SATS, 0n));
    expect(buy(signed).result).toEqual(Cl.ok(Cl.uint(1)));
  });

  it('decodes STX policy events printed without a token as STX', () => {
    const created = decodeContractEvent({
      event: 'policy-created',
      'policy-id': 1n,
      buyer,
      'quote-id': '00',
      'policy-type': 'PUT',
      'strike-usd': 1n,
      'amount-sats': 1n,
      'protected-value': 1n,
      premium: 1n,
      collateral: 1n,
      'expiration-height': 1n,
    });
    expect(created).toMatchObject({ event: 'policy-created', token: 'STX' });
    for (const event of ['lock', 'release'])
      expect(decodeContractEvent({ event, 'policy-id': 1n, amount: 2n })).toMatchObject({ token: 'STX' });
    expect(decodeContractEvent({ event: 'settlement', 'policy-id': 1n, buyer, amount: 2n })).toMatchObject({
      token: 'STX',
    });
    expect(
      decodeContractEvent({ event: 'policy-exercised', 'policy-id': 1n, buyer, amount: 2n }),
    ).toMatchObject({
      token: 'STX',
    });
  });
});
