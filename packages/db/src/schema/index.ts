export * from './enums';
export * from './identity';
export * from './providers';
export * from './tiers';
