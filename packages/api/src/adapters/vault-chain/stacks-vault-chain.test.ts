import { contractIds, exercisePolicyCall, expirePolicyCall } from '@bithedge/contracts';
import {
  addressToString,
  Cl,
  type ClarityValue,
  deserializeTransaction,
  makeRandomPrivKey,
  PayloadType,
  PostConditionMode,
  privateKeyToPublic,
  publicKeyToAddress,
  serializeCV,
} from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { boundedFee, OPERATOR_FEE_BOUNDS, stacksVaultChain, txStateOf } from '.';

const ids = contractIds('testnet', 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG');
const TXID = 'a'.repeat(64);

/** A Stacks API that answers the requests the operator makes, and records them. */
function fakeApi(policy: ClarityValue, estimates: number[] = [1_000, 25_000, 90_000]) {
  const requests: { url: string; body?: string }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
    if (url.includes('/nonces')) return Response.json({ possible_next_nonce: 7 });
    if (url.includes('/v2/contracts/call-read/'))
      return Response.json({
        okay: true,
        result: `0x${serializeCV(url.endsWith('/get-withdrawal-allowance') ? Cl.uint(42) : policy)}`,
      });
    if (url.endsWith('/v2/fees/transaction'))
      return Response.json({
        estimated_cost: {},
        estimated_cost_scalar: 1,
        cost_scalar_change_by_byte: 0,
        estimations: estimates.map((fee) => ({ fee_rate: 1, fee })),
      });
    if (url.endsWith('/v2/transactions')) return new Response(`"${TXID}"`);
    if (url.endsWith(`/extended/v1/tx/0x${TXID}`))
      return Response.json({ tx_status: 'abort_by_response', tx_result: { repr: '(err u112)' } });
    if (url.endsWith('/extended/v2/burn-blocks/900'))
      return Response.json({ burn_block_time: 1_800_000_000 });
    return new Response('not found', { status: 404 });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

describe('stacksVaultChain', () => {
  const key = makeRandomPrivKey();
  const operator = publicKeyToAddress(privateKeyToPublic(key), 'testnet');
  const policy = Cl.some(Cl.tuple({ status: Cl.stringAscii('active'), buyer: Cl.principal(operator) }));
  const chainWith = (fetch: typeof globalThis.fetch, feeMicroStx?: bigint) =>
    stacksVaultChain({
      ids,
      network: 'testnet',
      baseUrl: 'https://node.test',
      operatorKey: key,
      ...(feeMicroStx === undefined ? {} : { feeMicroStx }),
      clock: { burnBlockHeight: async () => 1 },
      fetch,
    });

  it('reads a policy status through the read-only endpoint', async () => {
    const api = fakeApi(policy);
    const chain = chainWith(api.fetch);
    expect(await chain.policyStatus(3n)).toBe('active');
    expect(api.requests[0]?.url).toBe(
      'https://node.test/v2/contracts/call-read/ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG/policy-registry/get-policy',
    );
  });

  it('signs the call with the operator key, deny mode, next nonce and the fee, and broadcasts it', async () => {
    const api = fakeApi(policy);
    const chain = chainWith(api.fetch, 12_345n);
    const sent = await chain.submit(exercisePolicyCall(ids, { policyId: 3n, payout: 800_000_000n }));
    expect(sent).toEqual({ txId: TXID, ok: null, result: 'broadcast' });
    const broadcast = api.requests.find((r) => r.url.endsWith('/v2/transactions'));
    const tx = deserializeTransaction(JSON.parse(broadcast!.body!).tx);
    tx.verifyOrigin(); // throws unless the signature matches the origin
    expect(tx.auth.spendingCondition.nonce).toBe(7n);
    expect(tx.auth.spendingCondition.fee).toBe(12_345n);
    expect(tx.postConditionMode).toBe(PostConditionMode.Deny);
    expect(tx.postConditions.values).toHaveLength(1);
    if (tx.payload.payloadType !== PayloadType.ContractCall) throw new Error('not a contract call');
    expect(addressToString(tx.payload.contractAddress)).toBe('ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG');
    expect(tx.payload.functionName.content).toBe('exercise-policy');
    expect(tx.payload.functionArgs).toEqual([Cl.uint(3), Cl.uint(800_000_000)]);
    expect(api.requests.some((r) => r.url.includes(`/extended/v1/address/${operator}/nonces`))).toBe(true);
  });

  it('L9: offers the node’s middle fee estimate within a floor and a cap, and the nonce it is given', async () => {
    const api = fakeApi(policy);
    const sent = await chainWith(api.fetch).submit(expirePolicyCall(ids, 3n), { nonce: 11n });
    expect(sent.ok).toBeNull();
    const broadcast = api.requests.find((r) => r.url.endsWith('/v2/transactions'));
    const tx = deserializeTransaction(JSON.parse(broadcast!.body!).tx);
    tx.verifyOrigin();
    expect(tx.auth.spendingCondition.fee).toBe(25_000n);
    expect(tx.auth.spendingCondition.nonce).toBe(11n);
    // The operator counts nonces itself: none was fetched.
    expect(api.requests.some((r) => r.url.includes('/nonces'))).toBe(false);

    const greedy = fakeApi(policy, [1, 50_000_000, 90_000_000]);
    await chainWith(greedy.fetch).submit(expirePolicyCall(ids, 3n), { nonce: 1n });
    const capped = deserializeTransaction(
      JSON.parse(greedy.requests.find((r) => r.url.endsWith('/v2/transactions'))!.body!).tx,
    );
    expect(capped.auth.spendingCondition.fee).toBe(OPERATOR_FEE_BOUNDS.cap);
    expect(boundedFee(0n)).toBe(OPERATOR_FEE_BOUNDS.floor);
  });

  it('H1/H2/L9: reads the live allowance, a transaction’s fate and a burn block’s time', async () => {
    const api = fakeApi(policy);
    const chain = chainWith(api.fetch);
    expect(await chain.withdrawalAllowance(operator, 'STX')).toBe(42n);
    expect(await chain.txStatus(TXID)).toEqual({ state: 'FAILED', result: '(err u112)' });
    expect(await chain.txStatus('b'.repeat(64))).toEqual({ state: 'DROPPED', result: 'unknown to the node' });
    expect(await chain.burnBlockTime(900)).toEqual(new Date(1_800_000_000_000));
    expect(await chain.burnBlockTime(901)).toBeNull();
    expect(await chain.nextNonce()).toBe(7n);
    expect(
      ['success', 'pending', 'dropped_replace_by_fee', 'abort_by_post_condition'].map(txStateOf),
    ).toEqual(['CONFIRMED', 'PENDING', 'DROPPED', 'FAILED']);
  });

  it('reports a refused broadcast with the node’s reason', async () => {
    const api = fakeApi(policy);
    const refusing = (async (input: string | URL | Request, init?: RequestInit) =>
      String(input).endsWith('/v2/transactions')
        ? Response.json(
            { error: 'transaction rejected', reason: 'ConflictingNonceInMempool', txid: TXID },
            { status: 400 },
          )
        : api.fetch(input, init)) as typeof globalThis.fetch;
    const chain = chainWith(refusing);
    const sent = await chain.submit(expirePolicyCall(ids, 3n));
    expect(sent.ok).toBe(false);
    expect(sent.result).toBe('transaction rejected: ConflictingNonceInMempool');
  });
});
