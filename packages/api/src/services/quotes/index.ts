export * from './chain-terms';
export * from './expire';
export * from './limits';
export * from './log-sampler';
export * from './price';
export * from './purchase-signature';
export * from './risk-parameters';
export * from './saved';
