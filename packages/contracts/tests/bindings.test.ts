import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buyPolicyCall,
  creditPremiumCall,
  depositCall,
  exercisePolicyCall,
  expirePolicyCall,
  setWithdrawalAllowanceCall,
  withdrawCall,
} from '../src/calls';
import { ChainhookPayloadSchema, parseChainDelivery, printEventsOf } from '../src/chainhook';
import { contractIds, watchedContracts } from '../src/contract-ids';
import { decodeContractEvent } from '../src/events';
import { postConditionViolations } from '../src/post-conditions';
import { isPrincipal } from '../src/principal';
import { CHAIN_IDS, type QuoteTerms, quoteValidUntil, signQuoteTerms } from '../src/quote-terms';
import { chainhookBlock, chainhooksV2Payload, freshSimnet } from '../src/simnet';

const OPERATOR_KEY = '753b7cc01a1a2e86221266a154af739463fce51219d97e4f856cd7200c3bd2a601';
const OPERATOR_PUBKEY = '0390a5cac7c33fda49f70bc1b0866fa0ba7a9440d9de647fecb8132ceb76a94dfa';

describe('bindings against the real contracts', () => {
  let simnet: Simnet;
  let alice: string;
  let buyer: string;
  const ids = contractIds('devnet');
  const run = (call: ReturnType<typeof depositCall>, sender: string) => {
    const [, name] = call.contract.split('.');
    return simnet.callPublicFn(name as string, call.functionName, call.functionArgs, sender);
  };

  beforeAll(async () => {
    simnet = await freshSimnet();
    alice = simnet.getAccounts().get('wallet_1') as string;
    buyer = simnet.getAccounts().get('wallet_3') as string;
  });

  it('builds deny-mode calls whose arguments the contracts accept', () => {
    const deposit = depositCall(ids, { provider: alice, token: 'STX', amount: 7_000_000n, tier: 'balanced' });
    expect(deposit).toMatchObject({ functionName: 'deposit-stx', postConditionMode: 'deny' });
    expect(deposit.postConditions).toEqual([
      { type: 'stx-postcondition', address: alice, condition: 'eq', amount: '7000000' },
    ]);
    const deposited = run(deposit, alice);
    expect(deposited.result).toMatchObject({ type: 'ok' });
    // What the call really moved satisfies the post-conditions, as a node would check them.
    expect(postConditionViolations(deposit.postConditions, 'deny', deposited.events)).toEqual([]);
    const short = depositCall(ids, { provider: alice, token: 'STX', amount: 6_999_999n, tier: 'balanced' });
    expect(postConditionViolations(short.postConditions, 'deny', deposited.events)).toEqual([
      `${alice} sent STX: 7000000, but the condition is eq 6999999`,
    ]);
    expect(postConditionViolations([], 'deny', deposited.events)).toEqual([
      `${alice} sent STX: 7000000, which no post-condition allows (deny mode)`,
    ]);
    expect(postConditionViolations([], 'allow', deposited.events)).toEqual([]);

    const allowance = setWithdrawalAllowanceCall(ids, {
      provider: alice,
      token: 'STX',
      expected: 0n,
      amount: 2_000_000n,
    });
    expect(allowance.postConditions).toEqual([]);
    const deployer = simnet.getAccounts().get('deployer') as string;
    expect(run(allowance, deployer).result).toEqual(Cl.ok(Cl.uint(2_000_000n)));
    // Compare-and-set: the same call again expects 0 and finds 2 STX.
    expect(run(allowance, deployer).result).toEqual(Cl.error(Cl.uint(111)));
    const withdraw = withdrawCall(ids, { token: 'STX', amount: 2_000_000n });
    expect(withdraw.postConditions).toEqual([
      { type: 'stx-postcondition', address: ids.vault, condition: 'eq', amount: '2000000' },
    ]);
    const withdrawn = run(withdraw, alice);
    expect(withdrawn.result).toMatchObject({ type: 'ok' });
    expect(postConditionViolations(withdraw.postConditions, 'deny', withdrawn.events)).toEqual([]);

    const sbtc = depositCall(ids, { provider: alice, token: 'SBTC', amount: 5n, tier: 'aggressive' });
    expect(sbtc.postConditions).toEqual([
      {
        type: 'ft-postcondition',
        address: alice,
        condition: 'eq',
        amount: '5',
        asset: `${ids.sbtc}::sbtc-token`,
      },
    ]);
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(5), Cl.principal(alice)], alice);
    const sbtcDeposit = run(sbtc, alice);
    expect(sbtcDeposit.result).toMatchObject({ type: 'ok' });
    expect(postConditionViolations(sbtc.postConditions, 'deny', sbtcDeposit.events)).toEqual([]);
    expect(() => depositCall(ids, { provider: alice, token: 'STX', amount: 0n, tier: 'balanced' })).toThrow(
      RangeError,
    );
  });

  it('builds a policy purchase the registry accepts, limited to the premium', () => {
    const deployer = simnet.getAccounts().get('deployer') as string;
    simnet.callPublicFn(
      'policy-registry',
      'set-quote-key',
      [{ type: 'buffer', value: OPERATOR_PUBKEY }],
      deployer,
    );
    const terms: QuoteTerms = {
      quoteId: '9f6c1a52-2b1e-4c3f-8d4e-5a6b7c8d9e0f',
      buyer,
      policyType: 'CALL',
      strikeUsd: 7_000_000_000_000n,
      amountSats: 5_000_000n,
      protectedValue: 2_000_000_000n,
      premium: 90_000_000n,
      expirationHeight: BigInt(simnet.burnBlockHeight + 144 * 7),
      validUntil: quoteValidUntil(Number(simnet.getBlockTime())),
      collateral: 2_000_000n,
    };
    const call = buyPolicyCall(
      ids,
      terms,
      signQuoteTerms(terms, OPERATOR_KEY, CHAIN_IDS.devnet, ids.registry),
    );
    expect(call.postConditions).toEqual([
      { type: 'stx-postcondition', address: buyer, condition: 'eq', amount: '90000000' },
    ]);
    const result = run(call, buyer);
    expect(result.result).toMatchObject({ type: 'ok' });
    expect(postConditionViolations(call.postConditions, 'deny', result.events)).toEqual([]);

    // The same transaction, delivered as Chainhook would, decodes to typed events.
    const block = chainhookBlock(10, [result]);
    const v1 = parseChainDelivery({ apply: [block], rollback: [] });
    const v2 = parseChainDelivery(chainhooksV2Payload([block]));
    if (!v1.success || !v2.success) throw new Error('a valid delivery was refused');
    expect([v1.data.format, v2.data.format]).toEqual(['chainhook-v1', 'chainhooks-v2']);
    for (const delivery of [v1.data, v2.data]) {
      const events = printEventsOf(delivery.apply[0]!, watchedContracts(ids)).map((e) =>
        decodeContractEvent(e.rawValue),
      );
      expect(events.map((e) => e.event)).toEqual(['lock', 'premium', 'policy-created']);
      expect(events[2]).toMatchObject({
        'policy-type': 'CALL',
        premium: 90_000_000n,
        collateral: 2_000_000n,
        buyer,
      });
    }
    // The two shapes number a transaction's events differently, but each keeps them distinct.
    const indexes = (d: typeof v1.data) => d.apply[0]!.prints.map((p) => p.eventIndex);
    expect(new Set(indexes(v2.data)).size).toBe(indexes(v2.data).length);
    expect(v2.data.apply[0]!.prints.map((p) => p.rawValue)).toEqual(
      v1.data.apply[0]!.prints.map((p) => p.rawValue),
    );
  });

  it("builds the operator's credit and settlement calls the contracts accept", () => {
    const deployer = simnet.getAccounts().get('deployer') as string;
    const claimId = 'ab'.repeat(32);
    const credit = creditPremiumCall(ids, { provider: alice, token: 'STX', claimId, amount: 1_000n });
    expect(credit.postConditions).toEqual([]);
    expect(run(credit, deployer).result).toEqual(Cl.ok(Cl.uint(1_000n)));
    expect(run(credit, deployer).result).toEqual(Cl.error(Cl.uint(112)));
    expect(() =>
      creditPremiumCall(ids, { provider: alice, token: 'STX', claimId: 'ab', amount: 1n }),
    ).toThrow(RangeError);
    // Policy 1 (the purchase above) is not expired yet: both settlements are refused before expiry.
    expect(run(expirePolicyCall(ids, 1n), deployer).result).toEqual(Cl.error(Cl.uint(208)));
    const exercise = exercisePolicyCall(ids, { policyId: 1n, payout: 5n });
    expect(exercise.postConditions).toEqual([
      { type: 'stx-postcondition', address: ids.vault, condition: 'eq', amount: '5' },
    ]);
    expect(run(exercise, deployer).result).toEqual(Cl.error(Cl.uint(208)));
    simnet.mineEmptyBurnBlocks(144 * 7);
    const exercised = run(exercise, deployer);
    expect(exercised.result).toEqual(Cl.ok(Cl.uint(5n)));
    expect(postConditionViolations(exercise.postConditions, 'deny', exercised.events)).toEqual([]);
  });

  it('refuses payloads and events that are not ours, naming the field', () => {
    expect(() =>
      ChainhookPayloadSchema.parse({ apply: [{ block_identifier: { index: 1 } }], rollback: [] }),
    ).toThrow(/hash/);
    // Events are validated when the delivery is normalised (the envelope schema lets any through).
    const bad = parseChainDelivery({
      apply: [
        {
          block_identifier: { index: 1, hash: '0xab' },
          transactions: [
            {
              transaction_identifier: { hash: `0x${'1'.repeat(64)}` },
              metadata: {
                success: true,
                receipt: { events: [{ type: 'SmartContractEvent', position: { index: 0 }, data: {} }] },
              },
            },
          ],
        },
      ],
      rollback: [],
    });
    expect(bad.success).toBe(false);
    const badV2 = parseChainDelivery({
      ...chainhooksV2Payload([]),
      event: {
        chain: 'stacks',
        rollback: [],
        apply: [
          {
            block_identifier: { index: 1, hash: '0xab' },
            transactions: [
              {
                transaction_identifier: { hash: `0x${'1'.repeat(64)}` },
                metadata: { status: 'success' },
                operations: [
                  {
                    type: 'contract_log',
                    operation_identifier: { index: 1 },
                    metadata: { contract_identifier: 'ST1.vault', topic: 'print', value: 'not hex' },
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(badV2.success).toBe(false);
    if (!badV2.success) expect(badV2.error.issues[0]?.path.join('.')).toMatch(/operations\.0/);
    expect(() =>
      decodeContractEvent({ event: 'deposit', provider: alice, token: 'DOGE', amount: 1n, tier: 'balanced' }),
    ).toThrow(/token/);
  });
});

describe('isPrincipal', () => {
  it('takes real addresses of any length and contract principals, and checks the checksum', () => {
    expect(isPrincipal('ST000000000000000000002AMW42H')).toBe(true); // the boot address, 29 characters
    expect(isPrincipal('ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM')).toBe(true);
    expect(isPrincipal('SP3FBR2AGK5H9QBDH3EEN6DF8EK8JY7RX8QJ5SVTE.sbtc-token')).toBe(true);
    expect(isPrincipal('ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGN')).toBe(false); // checksum
    expect(isPrincipal('ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.')).toBe(false);
    expect(isPrincipal('ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.a.b')).toBe(false);
    expect(isPrincipal('1BoatSLRHtKNngkdXEeobR76b53LETtpyT')).toBe(false);
  });
});
