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
import { stacksVaultChain } from '.';

const ids = contractIds('testnet', 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG');
const TXID = 'a'.repeat(64);

/** A Stacks API that answers the three requests the operator makes, and records them. */
function fakeApi(policy: ClarityValue) {
  const requests: { url: string; body?: string }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
    if (url.includes('/nonces')) return Response.json({ possible_next_nonce: 7 });
    if (url.includes('/v2/contracts/call-read/'))
      return Response.json({ okay: true, result: `0x${serializeCV(policy)}` });
    if (url.endsWith('/v2/transactions')) return new Response(`"${TXID}"`);
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
