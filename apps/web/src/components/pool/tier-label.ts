import type { TierName } from '@bithedge/db';

/** How a risk tier is named on screen. */
export const TIER_LABEL: Record<TierName, string> = {
  conservative: 'Conservative',
  balanced: 'Balanced',
  aggressive: 'Aggressive',
};

/** Least to most risk: the order tables sort tiers in. */
export const TIER_ORDER: readonly TierName[] = ['conservative', 'balanced', 'aggressive'];
