export * from './household.schema';
export * from './household.rules';
export * from './household.endpoints';
export * from './care-flag.schema';
export * from './care-flag.rules';
