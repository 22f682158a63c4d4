export * from './pool-overview';
export * from './portfolio';
export * from './withdrawals';
export * from './tier-metrics';
