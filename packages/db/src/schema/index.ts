export * from './enums';
export * from './providers';
export * from './tiers';
