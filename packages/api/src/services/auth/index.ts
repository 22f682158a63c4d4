export * from './message';
export * from './sign-in';
export { hasBearerSecret, hashToken } from './tokens';
