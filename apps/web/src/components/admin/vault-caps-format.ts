import type { TierName, Token } from '@bithedge/db';
import { TIER_LABEL } from '@/components/pool/tier-label';
import { formatToken, TOKEN_META } from '@/lib/format';

/**
 * A vault cap in words, to the base unit (a cap that differs only in its last digits still
 * shows the difference): null is no cap at all, 0 a tier closed to deposits.
 */
export function capLabel(cap: bigint | null, token: Token): string {
  if (cap === null) return 'No cap';
  if (cap === 0n) return `0 ${TOKEN_META[token].label} (closed)`;
  return formatToken(cap, token, TOKEN_META[token].decimals);
}

/** What the owner must do for a tier × token whose vault cap differs from the published one. */
export function mismatchMessage(cap: {
  tier: TierName;
  token: Token;
  vaultCap: bigint | null;
  targetCap: bigint;
}): string {
  const name = `${TIER_LABEL[cap.tier]} ${TOKEN_META[cap.token].label}`;
  const holds =
    cap.vaultCap === null
      ? `The vault does not cap ${name} at all`
      : `The vault still caps ${name} at ${capLabel(cap.vaultCap, cap.token)}`;
  return `${holds}; the contract owner must apply ${capLabel(cap.targetCap, cap.token)}.`;
}
