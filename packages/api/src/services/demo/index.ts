export { type DemoDeposit, seedDemoLedger } from './seed';
