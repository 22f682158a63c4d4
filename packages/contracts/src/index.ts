export * from './contract-ids';
export * from './quote-terms';
export * from './clarity-value';
