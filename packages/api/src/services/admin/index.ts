export {
  type AdminAlert,
  type AdminAlertPage,
  type CheckedProblem,
  listAdminAlerts,
  raiseAdminAlert,
  resolveAdminAlert,
  syncAdminAlert,
} from './alerts';
export * from './audit';
export * from './operations';
export * from './risk-preview';
export * from './tiers';
export * from './vault-caps';
