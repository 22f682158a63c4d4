export * from './market-data';
