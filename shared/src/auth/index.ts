export * from './auth.schema';
export * from './auth.endpoints';
export * from './demo-accounts';
