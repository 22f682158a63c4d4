export * from './clarity-value';
export * from './contract-ids';
export * from './quote-terms';
