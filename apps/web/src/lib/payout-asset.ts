import type { Token } from '@bithedge/db';
import { POLICY_COLLATERAL, type PolicyType } from '@bithedge/pricing';

/** What backs and pays a policy of this type (the rule is @bithedge/pricing's POLICY_COLLATERAL). */
export function payoutToken(policyType: PolicyType): Token {
  return POLICY_COLLATERAL[policyType];
}

/** One sentence on what backs a policy and what it pays out in; the premium is always STX. */
export function payoutAssetNote(token: Token): string {
  return token === 'SBTC'
    ? 'sBTC providers lock sats behind it and it pays (S − K) ÷ S × amount in sBTC; the premium is paid in STX'
    : 'STX providers lock micro-STX behind it and it pays (K − S) × amount in STX; the premium is paid in STX';
}
