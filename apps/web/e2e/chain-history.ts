import { createHash } from 'node:crypto';
import { devnetAccount } from '@bithedge/api/devnet';
import { contractIds } from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import { Cl, type ClarityValue, getAddressFromPrivateKey } from '@stacks/transactions';

/*
 * A devnet vault history as Chainhook delivers it (self-hosted v1 shape, built with the same
 * `printBlock` the ingestion tests use): deposits of several providers, a policy purchase, and a
 * tip block that a re-org replaces. `expected` is what the vault holds after it, computed from the
 * events themselves, which reconciliation and the ledger must then agree with.
 */

const ids = contractIds('devnet');
/** A testnet address of a fixed key: devnet names only three wallets, the history wants more people. */
const addressOf = (seed: string) =>
  getAddressFromPrivateKey(createHash('sha256').update(seed).digest('hex'), 'testnet');
export const PROVIDERS = [
  ...(['wallet_1', 'wallet_2', 'wallet_3'] as const).map((name) => devnetAccount(name).address),
  addressOf('multi-instance provider 4'),
  addressOf('multi-instance provider 5'),
];
const BUYER = addressOf('multi-instance buyer');
const STX = 1_000_000n;

const tuple = (fields: Record<string, ClarityValue>) => Cl.tuple(fields);
const deposit = (provider: string, amount: bigint) =>
  tuple({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
    tier: Cl.stringAscii('balanced'),
  });

/** Policy 1, bought for a 150 STX premium; the vault locks 3,750 STX (3,000 at balanced's 125%). */
const PREMIUM = 150n * STX;
const COLLATERAL = 3_750n * STX;
const purchase = [
  [
    tuple({
      event: Cl.stringAscii('premium'),
      'policy-id': Cl.uint(1),
      buyer: Cl.principal(BUYER),
      token: Cl.stringAscii('STX'),
      amount: Cl.uint(PREMIUM),
    }),
    tuple({
      event: Cl.stringAscii('policy-created'),
      'policy-id': Cl.uint(1),
      buyer: Cl.principal(BUYER),
      'quote-id': Cl.bufferFromHex('00000000000040008000000000000001'),
      'policy-type': Cl.stringAscii('PUT'),
      'strike-usd': Cl.uint(5_400_000_000_000n),
      'amount-sats': Cl.uint(10_000_000n),
      'protected-value': Cl.uint(3_000_000_000n),
      token: Cl.stringAscii('STX'),
      premium: Cl.uint(PREMIUM),
      collateral: Cl.uint(COLLATERAL),
      'expiration-height': Cl.uint(100_000),
    }),
  ],
  [
    tuple({
      event: Cl.stringAscii('lock'),
      'policy-id': Cl.uint(1),
      token: Cl.stringAscii('STX'),
      amount: Cl.uint(COLLATERAL),
    }),
  ],
];

type Block = ReturnType<typeof printBlock>;
interface Deposit {
  provider: string;
  amount: bigint;
}

/** Block `height` of `fork`: one transaction per deposit. */
function depositBlock(
  height: number,
  fork: string,
  deposits: Deposit[],
): { block: Block; deposits: Deposit[] } {
  return {
    block: printBlock(
      ids.vault,
      height,
      fork,
      deposits.map((d) => [deposit(d.provider, d.amount)]),
    ),
    deposits,
  };
}

/** Heights 1–24: one or two deposits each, every provider several times, amounts all different. */
export const DEPOSIT_BLOCKS = Array.from({ length: 24 }, (_, i) => {
  const height = i + 1;
  const first = { provider: PROVIDERS[i % 5] as string, amount: (2_000n + 137n * BigInt(height)) * STX };
  const second = {
    provider: PROVIDERS[(i + 2) % 5] as string,
    amount: (1_000n + 59n * BigInt(height)) * STX,
  };
  return depositBlock(height, 'main', height % 2 === 0 ? [first, second] : [first]);
});

const PURCHASE_HEIGHT = DEPOSIT_BLOCKS.length + 1;
/** Then the purchase (premium and policy in one transaction, the vault's lock in the next). */
export const PURCHASE_BLOCK = printBlock(ids.vault, PURCHASE_HEIGHT, 'main', purchase);

/** The tip as first delivered, then replaced by the re-org's two blocks at its height and the next. */
export const TIP = depositBlock(PURCHASE_HEIGHT + 1, 'main', [
  { provider: PROVIDERS[0] as string, amount: 500n * STX },
  { provider: PROVIDERS[1] as string, amount: 700n * STX },
]);
export const FORK = [
  depositBlock(PURCHASE_HEIGHT + 1, 'fork', [{ provider: PROVIDERS[2] as string, amount: 900n * STX }]),
  depositBlock(PURCHASE_HEIGHT + 2, 'fork', [{ provider: PROVIDERS[3] as string, amount: 300n * STX }]),
];

/** The height of the last block standing. */
export const TOP_HEIGHT = PURCHASE_HEIGHT + 2;

export const delivery = (apply: Block[], rollback: Block[] = []) => ({ apply, rollback });

/** The deposits that stand once the re-org is in (the tip's are gone). */
const standing = [...DEPOSIT_BLOCKS, ...FORK].flatMap((b) => b.deposits);

export const expected = {
  /** Print events of all blocks ever delivered (each stored once in `chain_events`). */
  events: standing.length + TIP.deposits.length + 3,
  rolledBackEvents: TIP.deposits.length,
  /** Deposits ledger entries were written for, the rolled-back tip's included (then reversed). */
  depositEntries: standing.length + TIP.deposits.length,
  depositedByProvider: new Map(
    PROVIDERS.map((p) => [p, standing.filter((d) => d.provider === p).reduce((s, d) => s + d.amount, 0n)]),
  ),
  collateral: COLLATERAL,
  premium: PREMIUM,
  /** The vault's STX after the history: every standing deposit plus the premium paid in; the policy's collateral locked. */
  vault: [
    {
      token: 'STX' as const,
      balance: standing.reduce((s, d) => s + d.amount, 0n) + PREMIUM,
      locked: COLLATERAL,
    },
    { token: 'SBTC' as const, balance: 0n, locked: 0n },
  ],
};
