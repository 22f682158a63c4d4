export * from './deliveries';
export * from './ingest';
export * from './operator';
export * from './reconcile-check';
export * from './reconciliation';
