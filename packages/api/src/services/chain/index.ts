export * from './ingest';
export * from './operator';
export * from './reconciliation';
