export {
  type AdminAlert,
  type AdminAlertPage,
  listAdminAlerts,
  raiseAdminAlert,
  resolveAdminAlert,
} from './alerts';
export * from './audit';
export * from './operations';
export * from './risk-preview';
export * from './tiers';
export * from './vault-caps';
