export * from './market-data';
export * from './valuation';
