import type { PostCondition } from '@stacks/transactions';

/** An asset transfer a call made, as the simnet (or a node's events) reports it. */
interface TransferEvent {
  event: string;
  data: Record<string, unknown>;
}

const cmp = {
  eq: (a: bigint, b: bigint) => a === b,
  gt: (a: bigint, b: bigint) => a > b,
  gte: (a: bigint, b: bigint) => a >= b,
  lt: (a: bigint, b: bigint) => a < b,
  lte: (a: bigint, b: bigint) => a <= b,
} as const;

/**
 * Checks a call's post-conditions against the transfers it actually made, as a Stacks node does:
 * each STX or fungible-token condition must hold for the amount its principal sent, and in deny
 * mode no principal may send an asset no condition names. Returns the violations (empty: they
 * held). NFT, staking and PoX conditions are outside what our contracts move and are reported.
 */
export function postConditionViolations(
  postConditions: readonly PostCondition[],
  mode: 'deny' | 'allow',
  events: readonly TransferEvent[],
): string[] {
  const sent = new Map<string, bigint>();
  for (const { event, data } of events) {
    const asset =
      event === 'stx_transfer_event'
        ? 'STX'
        : event === 'ft_transfer_event'
          ? data.asset_identifier
          : undefined;
    const { amount, sender } = data;
    if (typeof asset !== 'string' || typeof sender !== 'string') continue;
    if (typeof amount !== 'string' && typeof amount !== 'bigint') continue;
    const key = `${sender}|${asset}`;
    sent.set(key, (sent.get(key) ?? 0n) + BigInt(amount));
  }
  const violations: string[] = [];
  const covered = new Set<string>();
  for (const pc of postConditions) {
    if (pc.type !== 'stx-postcondition' && pc.type !== 'ft-postcondition') {
      violations.push(`unsupported post-condition ${pc.type}`);
      continue;
    }
    const key = `${pc.address}|${pc.type === 'stx-postcondition' ? 'STX' : pc.asset}`;
    covered.add(key);
    const actual = sent.get(key) ?? 0n;
    if (!cmp[pc.condition](actual, BigInt(pc.amount)))
      violations.push(
        `${key.replace('|', ' sent ')}: ${actual}, but the condition is ${pc.condition} ${pc.amount}`,
      );
  }
  if (mode === 'deny')
    for (const [key, amount] of sent)
      if (amount > 0n && !covered.has(key))
        violations.push(
          `${key.replace('|', ' sent ')}: ${amount}, which no post-condition allows (deny mode)`,
        );
  return violations;
}
