import type { Executor, PolicyType } from '@bithedge/db';
import type { RiskParams } from '@bithedge/pricing';
import { loadQuoteInputs, priceBuyerQuote, type QuotingDeps, type RiskParameterVersion } from '../quotes';

/**
 * The reference policies an admin sees priced before publishing (1 BTC each): the 30-day
 * 90% PUT and 7-day 110% CALL, and around them a short and a long tenor, in and out of the money,
 * so a change that only moves one corner of the model still shows.
 */
export const REFERENCE_POLICIES: Record<PolicyType, { days: number; protectedValuePercentage: number }[]> = {
  PUT: [
    { days: 30, protectedValuePercentage: 90 },
    { days: 7, protectedValuePercentage: 95 },
    { days: 90, protectedValuePercentage: 80 },
    { days: 30, protectedValuePercentage: 100 },
  ],
  CALL: [
    { days: 7, protectedValuePercentage: 110 },
    { days: 30, protectedValuePercentage: 120 },
    { days: 90, protectedValuePercentage: 130 },
    { days: 30, protectedValuePercentage: 100 },
  ],
};

export interface RiskPreviewRow {
  label: string;
  days: number;
  protectedValuePercentage: number;
  /** Premium (USD, 8 decimals) under the active version and under the draft. */
  activePremiumUsd: bigint;
  draftPremiumUsd: bigint;
  /** (draft − active) ÷ active in bps; null when the active premium is 0. */
  changeBps: number | null;
}

export interface RiskPreview {
  policyType: PolicyType;
  activeVersion: number;
  /** The BTC price (USD, 8 decimals) and volatility every row is priced at. */
  spotUsd: bigint;
  volatility: number;
  pricedAt: Date;
  rows: RiskPreviewRow[];
}

/**
 * What a draft risk-parameter version would charge: the reference policies priced by the quote
 * path itself (`priceBuyerQuote`), at the current fresh market data, under the active version and
 * under the draft. Refuses like a quote does (no fresh prices, no active version).
 */
export async function previewRiskParameters(
  db: Executor,
  input: { policyType: PolicyType; params: RiskParams },
  deps: QuotingDeps,
): Promise<RiskPreview> {
  // No cache: the preview must compare with the version active now, not a second ago.
  const inputs = await loadQuoteInputs(db, input.policyType, { ...deps, caches: undefined });
  const draft: RiskParameterVersion = {
    ...inputs.riskParameters,
    id: 0,
    version: inputs.riskParameters.version + 1,
    isActive: false,
    params: input.params,
  };
  const rows = REFERENCE_POLICIES[input.policyType].map((ref): RiskPreviewRow => {
    const params = { ...ref, amount: '1', policyType: input.policyType };
    const active = priceBuyerQuote(params, inputs, deps).premiumUsd;
    const drafted = priceBuyerQuote(params, { ...inputs, riskParameters: draft }, deps).premiumUsd;
    return {
      label: `${ref.days}-day ${ref.protectedValuePercentage}% ${input.policyType}`,
      ...ref,
      activePremiumUsd: active,
      draftPremiumUsd: drafted,
      changeBps: active === 0n ? null : Number(((drafted - active) * 10_000n) / active),
    };
  });
  return {
    policyType: input.policyType,
    activeVersion: inputs.riskParameters.version,
    spotUsd: inputs.market.BTC.priceUsd,
    volatility: inputs.market.BTC.volatility,
    pricedAt: inputs.market.BTC.observedAt,
    rows,
  };
}
