export { raiseAdminAlert } from './alerts';
