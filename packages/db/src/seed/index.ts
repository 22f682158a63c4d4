export { DEMO_PROVIDERS, seedDemoData } from './demo';
export { DEFAULT_TIERS, seedTiers, type TierDefaults } from './tiers';
