export * from './patrol.schema';
export * from './patrol.rules';
export * from './patrol.endpoints';
