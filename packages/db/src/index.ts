export * from './client';
export { migrate, migrationCount } from './migrate';
export { queryRows } from './rows';
export * from './schema';
export * from './seed';
export { findWorkspaceRoot } from './workspace';
