import type { TierName, Token } from '@bithedge/db';
import { Cl, type ClarityValue, Pc, type PostCondition } from '@stacks/transactions';
import type { ContractIds } from './contract-ids';
import { type QuoteTerms, quoteTermsCV } from './quote-terms';

/**
 * The parameters of a `@stacks/connect` `stx_callContract` request. Post-condition mode is always
 * deny: the wallet refuses to sign a transaction that would move any asset the post-conditions do
 * not name.
 */
export interface ContractCall {
  contract: `${string}.${string}`;
  functionName: string;
  functionArgs: ClarityValue[];
  postConditionMode: 'deny';
  postConditions: PostCondition[];
}

function requirePositive(amount: bigint, what: string): void {
  if (amount <= 0n) throw new RangeError(`${what} must be > 0 (got ${amount})`);
}

const asContract = (id: string) => id as `${string}.${string}`;
/**
 * The SIP-010 asset name inside the sBTC contract: the real sBTC's, which the mock declares too
 * (the vault lets exactly this asset leave on an sBTC withdrawal).
 */
export const SBTC_ASSET_NAME = 'sbtc-token';
export function sbtcAssetName(_ids: ContractIds): string {
  return SBTC_ASSET_NAME;
}

/** A provider deposits into the vault under a tier: the provider sends exactly `amount`. */
export function depositCall(
  ids: ContractIds,
  input: { provider: string; token: Token; amount: bigint; tier: TierName },
): ContractCall {
  requirePositive(input.amount, 'amount');
  const sends = Pc.principal(input.provider).willSendEq(input.amount);
  return input.token === 'STX'
    ? {
        contract: asContract(ids.vault),
        functionName: 'deposit-stx',
        functionArgs: [Cl.uint(input.amount), Cl.stringAscii(input.tier)],
        postConditionMode: 'deny',
        postConditions: [sends.ustx()],
      }
    : {
        contract: asContract(ids.vault),
        functionName: 'deposit-sbtc',
        functionArgs: [Cl.principal(ids.sbtc), Cl.uint(input.amount), Cl.stringAscii(input.tier)],
        postConditionMode: 'deny',
        postConditions: [sends.ft(asContract(ids.sbtc), sbtcAssetName(ids))],
      };
}

/** A provider withdraws within its allowance: the vault sends exactly `amount` (to the caller). */
export function withdrawCall(ids: ContractIds, input: { token: Token; amount: bigint }): ContractCall {
  requirePositive(input.amount, 'amount');
  const sends = Pc.principal(ids.vault).willSendEq(input.amount);
  return input.token === 'STX'
    ? {
        contract: asContract(ids.vault),
        functionName: 'withdraw-stx',
        functionArgs: [Cl.uint(input.amount)],
        postConditionMode: 'deny',
        postConditions: [sends.ustx()],
      }
    : {
        contract: asContract(ids.vault),
        functionName: 'withdraw-sbtc',
        functionArgs: [Cl.principal(ids.sbtc), Cl.uint(input.amount)],
        postConditionMode: 'deny',
        postConditions: [sends.ft(asContract(ids.sbtc), sbtcAssetName(ids))],
      };
}

/**
 * A buyer buys the policy of a signed quote: the buyer sends exactly the premium, in micro-STX
 * whatever the collateral token (the collateral the vault locks in the same call stays in the
 * vault, so it needs no post-condition).
 */
export function buyPolicyCall(ids: ContractIds, terms: QuoteTerms, signature: string): ContractCall {
  requirePositive(terms.premium, 'premium');
  if (!/^(0x)?[0-9a-f]{130}$/i.test(signature)) throw new RangeError('signature must be 65 bytes of hex');
  return {
    contract: asContract(ids.registry),
    functionName: 'purchase-policy',
    functionArgs: [quoteTermsCV(terms), Cl.bufferFromHex(signature.replace(/^0x/, ''))],
    postConditionMode: 'deny',
    postConditions: [Pc.principal(terms.buyer).willSendEq(terms.premium).ustx()],
  };
}

/*
 * The operator's calls: the backend's key signs them to make the chain match its accounting.
 * None moves an asset except an exercise, which pays exactly the payout out of the vault (STX,
 * or sBTC for an sBTC-backed CALL).
 * Collateral is locked and released by the registry itself (purchase, expiry, exercise).
 */
const operatorCall = (
  contract: string,
  functionName: string,
  functionArgs: ClarityValue[],
): ContractCall => ({
  contract: asContract(contract),
  functionName,
  functionArgs,
  postConditionMode: 'deny',
  postConditions: [],
});

interface ProviderAmount {
  provider: string;
  token: Token;
  amount: bigint;
}

/**
 * Sets (not adds to) what a provider may withdraw of a token, 0 taking it back, if the current
 * allowance is still `expected` (compare-and-set: refused with ALLOWANCE_CHANGED otherwise).
 */
export function setWithdrawalAllowanceCall(
  ids: ContractIds,
  input: ProviderAmount & { expected: bigint },
): ContractCall {
  if (input.amount < 0n) throw new RangeError(`amount must be ≥ 0 (got ${input.amount})`);
  if (input.expected < 0n) throw new RangeError(`expected must be ≥ 0 (got ${input.expected})`);
  return operatorCall(ids.vault, 'set-withdrawal-allowance', [
    Cl.principal(input.provider),
    Cl.stringAscii(input.token),
    Cl.uint(input.expected),
    Cl.uint(input.amount),
  ]);
}

/**
 * Credits a provider one premium claim, so the vault lets it be withdrawn (never beyond premiums
 * paid in). `claimId` (32 bytes, hex) names the claim: the vault credits each claim once.
 */
export function creditPremiumCall(
  ids: ContractIds,
  input: ProviderAmount & { claimId: string },
): ContractCall {
  requirePositive(input.amount, 'amount');
  const claimId = input.claimId.replace(/^0x/, '');
  if (!/^[0-9a-f]{64}$/i.test(claimId)) throw new RangeError('claimId must be 32 bytes of hex');
  return operatorCall(ids.vault, 'credit-premium', [
    Cl.principal(input.provider),
    Cl.stringAscii(input.token),
    Cl.bufferFromHex(claimId),
    Cl.uint(input.amount),
  ]);
}

/** Marks an out-of-the-money policy expired once its expiration height has passed. */
export function expirePolicyCall(ids: ContractIds, policyId: bigint): ContractCall {
  return operatorCall(ids.registry, 'expire-policy', [Cl.uint(policyId)]);
}

/**
 * Exercises an in-the-money policy: the vault pays its buyer exactly `payout` in the policy's
 * collateral token — micro-STX (`exercise-policy`, the default) or, for an sBTC-backed CALL, sats
 * of sBTC (`exercise-policy-sbtc`, payout = floor((S − K) × amountSats / S)). Deny mode: the
 * vault may send exactly that amount of that asset and nothing else.
 */
export function exercisePolicyCall(
  ids: ContractIds,
  input: { policyId: bigint; payout: bigint; token?: Token },
): ContractCall {
  requirePositive(input.payout, 'payout');
  const sends = Pc.principal(ids.vault).willSendEq(input.payout);
  if ((input.token ?? 'STX') === 'STX')
    return {
      ...operatorCall(ids.registry, 'exercise-policy', [Cl.uint(input.policyId), Cl.uint(input.payout)]),
      postConditions: [sends.ustx()],
    };
  return {
    ...operatorCall(ids.registry, 'exercise-policy-sbtc', [
      Cl.uint(input.policyId),
      Cl.principal(ids.sbtc),
      Cl.uint(input.payout),
    ]),
    postConditions: [sends.ft(asContract(ids.sbtc), sbtcAssetName(ids))],
  };
}

/**
 * The owner (not the operator) caps a tier's capital per token: `cap` null removes the cap, 0
 * closes the tier to new deposits. The vault refuses a deposit over it with TIER_CAPACITY (115).
 */
export function setTierCapCall(
  ids: ContractIds,
  input: { tier: TierName; token: Token; cap: bigint | null },
): ContractCall {
  if (input.cap !== null && input.cap < 0n) throw new RangeError(`cap must be ≥ 0 (got ${input.cap})`);
  return operatorCall(ids.vault, 'set-tier-cap', [
    Cl.stringAscii(input.tier),
    Cl.stringAscii(input.token),
    input.cap === null ? Cl.none() : Cl.some(Cl.uint(input.cap)),
  ]);
}
