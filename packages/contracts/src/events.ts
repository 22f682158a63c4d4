import type { Token } from '@bithedge/db';
import { POLICY_TYPES, TIERS } from '@bithedge/pricing';
import type { ClarityValue } from '@stacks/transactions';
import { z } from 'zod';
import { plainFromHex, toPlain } from './clarity-value';
import { isPrincipal } from './principal';

const principal = z.string().refine(isPrincipal, 'must be a principal');
const uint = z.bigint().nonnegative();
// Every token, no other: the ledger's `Token` (a type only here, so the browser bundle stays free of db).
const TOKEN_VALUES = ['STX', 'SBTC'] as const satisfies readonly Token[];
const token = z.enum(TOKEN_VALUES);
/**
 * The collateral (and payout) token of a policy event. Events printed before sBTC-backed policies
 * existed were all STX and a decoder may meet them without the field: they default to STX.
 */
const collateralToken = token.default('STX');

/** Every `print` event of the vault and the registry, by its `event` field. */
export const ContractEventSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('deposit'),
    provider: principal,
    token,
    /** The SIP-010 contract of an sBTC deposit (absent for STX): ingestion checks it is the real one. */
    'token-contract': principal.optional(),
    amount: uint,
    tier: z.enum(TIERS),
  }),
  z.object({ event: z.literal('withdraw'), provider: principal, token, amount: uint }),
  z.object({
    event: z.literal('allowance'),
    provider: principal,
    token,
    /** The allowance the compare-and-set replaced. */
    previous: uint,
    amount: uint,
  }),
  z.object({
    event: z.literal('premium-credit'),
    provider: principal,
    token,
    /** The premium claim credited (hex of 32 bytes): each is credited once. */
    'claim-id': z.string(),
    amount: uint,
  }),
  z.object({ event: z.literal('lock'), 'policy-id': uint, token: collateralToken, amount: uint }),
  z.object({ event: z.literal('release'), 'policy-id': uint, token: collateralToken, amount: uint }),
  z.object({ event: z.literal('premium'), 'policy-id': uint, buyer: principal, token, amount: uint }),
  /** A settlement payout, in the policy's collateral token (sats for an sBTC-backed CALL). */
  z.object({
    event: z.literal('settlement'),
    'policy-id': uint,
    buyer: principal,
    token: collateralToken,
    amount: uint,
  }),
  z.object({ event: z.literal('operator'), previous: principal, operator: principal }),
  z.object({ event: z.literal('registry'), registry: principal }),
  z.object({ event: z.literal('sbtc-token'), token: principal }),
  z.object({ event: z.literal('quote-key'), key: z.string() }),
  z.object({
    event: z.literal('tier-cap'),
    tier: z.enum(TIERS),
    token,
    /** The cap replaced and the new one, in base units; null: no cap. No `amount`: moves no money. */
    previous: uint.nullable(),
    cap: uint.nullable(),
  }),
  z.object({
    event: z.literal('policy-created'),
    'policy-id': uint,
    buyer: principal,
    'quote-id': z.string(),
    'policy-type': z.enum(POLICY_TYPES),
    'strike-usd': uint,
    'amount-sats': uint,
    /** The most the policy pays out, in base units of `token`. */
    'protected-value': uint,
    /** The collateral token (the payout's too); the premium is always micro-STX. */
    token: collateralToken,
    /** micro-STX the buyer paid. */
    premium: uint,
    /** What the vault locked behind the policy in the purchase, in base units of `token`. */
    collateral: uint,
    'expiration-height': uint,
  }),
  z.object({ event: z.literal('policy-expired'), 'policy-id': uint, buyer: principal }),
  z.object({
    event: z.literal('policy-exercised'),
    'policy-id': uint,
    buyer: principal,
    token: collateralToken,
    amount: uint,
  }),
]);
export type ContractEvent = z.infer<typeof ContractEventSchema>;

/**
 * A print event as a typed contract event: from the serialized `raw_value` hex, a Clarity value, or
 * an already-decoded plain object. Throws a ZodError naming the field when the shape is not ours.
 */
export function decodeContractEvent(value: string | ClarityValue | Record<string, unknown>): ContractEvent {
  if (typeof value === 'string') return ContractEventSchema.parse(plainFromHex(value));
  return ContractEventSchema.parse(isClarityValue(value) ? toPlain(value) : value);
}

function isClarityValue(value: ClarityValue | Record<string, unknown>): value is ClarityValue {
  // Decoded events carry `event`; Clarity values are `{ type, value }` and never do.
  return !('event' in value) && typeof value.type === 'string' && 'value' in value;
}
