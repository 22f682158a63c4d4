import { DEFAULT_RISK_PARAMETER_VALUES } from '@bithedge/db';
import { DEFAULT_RISK_PARAMS } from '@bithedge/pricing';
import { describe, expect, it } from 'vitest';

describe('seeded risk parameters', () => {
  it('are the pricing package defaults', () => {
    const p = DEFAULT_RISK_PARAMETER_VALUES;
    expect({
      baseRate: p.baseRate,
      volatilityMultiplier: p.volatilityMultiplier,
      durationFactor: p.durationFactor,
      coverageFactor: p.coverageFactor,
      tierMultipliers: {
        conservative: p.tierMultiplierConservative,
        balanced: p.tierMultiplierBalanced,
        aggressive: p.tierMultiplierAggressive,
      },
      liquidityAdjustment: p.liquidityAdjustment,
      marketTrendAdjustment: p.marketTrendAdjustment,
    }).toEqual(DEFAULT_RISK_PARAMS);
  });
});
