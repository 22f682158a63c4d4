export * from './model';
export {
  type HealthCheckResult,
  type HealthTransition,
  monitorHealth,
  notifyHealthTransitions,
} from './monitor';
export {
  assertWithdrawalKeepsHealth,
  getProviderHealth,
  listProvidersAtRisk,
  type PriceOptions,
  type ProviderAtRisk,
  type ProviderHealthReport,
} from './provider';
export { draftTierThresholdsSql, healthStatusCtes } from './sql';
export {
  STRESS_CURVE_BPS,
  type StressFigures,
  type StressPoint,
  type StressResult,
  stressTestPool,
} from './stress';
