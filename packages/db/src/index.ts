export * from './client';
export { migrate, migrationCount } from './migrate';
export { queryRows, sqlTimestamp } from './rows';
export * from './schema';
export * from './seed';
export { findWorkspaceRoot } from './workspace';
