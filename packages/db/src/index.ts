export * from './client';
export { migrate, migrationCount } from './migrate';
export { queryPreparedRows, queryRows, sqlTimestamp, toQuery } from './rows';
export * from './schema';
export * from './seed';
export { findWorkspaceRoot } from './workspace';
