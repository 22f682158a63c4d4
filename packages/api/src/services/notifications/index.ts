export * from './notifications';
export * from './settlement';
