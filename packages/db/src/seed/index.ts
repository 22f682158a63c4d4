export { DEMO_PROVIDERS } from './demo';
export { DEFAULT_RISK_PARAMETER_VALUES, seedRiskParameters } from './risk-parameters';
export { DEFAULT_TIERS, seedTiers, type TierDefaults } from './tiers';
