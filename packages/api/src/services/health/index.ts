export * from './model';
export { type HealthCheckResult, type HealthTransition, monitorHealth } from './monitor';
