export * from './pool-history';
export * from './pool-overview';
export * from './portfolio';
export * from './tier-metrics';
export * from './withdrawals';
