export * from './message';
export * from './rate-limit';
export * from './sign-in';
export { hasBearerSecret, hashToken } from './tokens';
