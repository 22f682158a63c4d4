import { Cl, type ClarityValue, Pc, type PostCondition } from '@stacks/transactions';
import type { ContractIds } from './contract-ids';
import { type QuoteTerms, quoteTermsCV } from './quote-terms';

export type Tier = 'conservative' | 'balanced' | 'aggressive';
export type VaultToken = 'STX' | 'SBTC';

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
/** The SIP-010 asset name inside the token contract (the mock and the real sBTC differ). */
export function sbtcAssetName(ids: ContractIds): string {
  return ids.sbtc.endsWith('.mock-sbtc') ? 'sbtc' : 'sbtc-token';
}

/** A provider deposits into the vault under a tier: the provider sends exactly `amount`. */
export function depositCall(
  ids: ContractIds,
  input: { provider: string; token: VaultToken; amount: bigint; tier: Tier },
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
export function withdrawCall(ids: ContractIds, input: { token: VaultToken; amount: bigint }): ContractCall {
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

/** A buyer buys the policy of a signed quote: the buyer sends exactly the premium. */
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
 * None moves an asset except an exercise, which pays exactly the payout out of the vault.
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

/** Locks a policy's collateral in the vault (once per policy). */
export function lockCollateralCall(
  ids: ContractIds,
  input: { policyId: bigint; token: VaultToken; amount: bigint },
): ContractCall {
  requirePositive(input.amount, 'amount');
  return operatorCall(ids.vault, 'lock-collateral', [
    Cl.uint(input.policyId),
    Cl.stringAscii(input.token),
    Cl.uint(input.amount),
  ]);
}

/** Releases what is still locked behind a settled policy. */
export function releaseCollateralCall(ids: ContractIds, policyId: bigint): ContractCall {
  return operatorCall(ids.vault, 'release-collateral', [Cl.uint(policyId)]);
}

interface ProviderAmount {
  provider: string;
  token: VaultToken;
  amount: bigint;
}
const providerAmountArgs = (input: ProviderAmount) => [
  Cl.principal(input.provider),
  Cl.stringAscii(input.token),
  Cl.uint(input.amount),
];

/** Sets (not adds to) what a provider may withdraw of a token; 0 takes it back. */
export function setWithdrawalAllowanceCall(ids: ContractIds, input: ProviderAmount): ContractCall {
  if (input.amount < 0n) throw new RangeError(`amount must be ≥ 0 (got ${input.amount})`);
  return operatorCall(ids.vault, 'set-withdrawal-allowance', providerAmountArgs(input));
}

/** Credits a provider premium it claimed, so the vault lets it be withdrawn (never beyond premiums paid in). */
export function creditPremiumCall(ids: ContractIds, input: ProviderAmount): ContractCall {
  requirePositive(input.amount, 'amount');
  return operatorCall(ids.vault, 'credit-premium', providerAmountArgs(input));
}

/** Marks an out-of-the-money policy expired once its expiration height has passed. */
export function expirePolicyCall(ids: ContractIds, policyId: bigint): ContractCall {
  return operatorCall(ids.registry, 'expire-policy', [Cl.uint(policyId)]);
}

/** Exercises an in-the-money policy: the vault pays its buyer exactly `payout` micro-STX. */
export function exercisePolicyCall(
  ids: ContractIds,
  input: { policyId: bigint; payout: bigint },
): ContractCall {
  requirePositive(input.payout, 'payout');
  return {
    ...operatorCall(ids.registry, 'exercise-policy', [Cl.uint(input.policyId), Cl.uint(input.payout)]),
    postConditions: [Pc.principal(ids.vault).willSendEq(input.payout).ustx()],
  };
}
