export * from './calls';
export * from './chainhook';
export * from './clarity-value';
export * from './contract-ids';
export * from './errors';
export * from './events';
export * from './post-conditions';
export * from './quote-terms';
