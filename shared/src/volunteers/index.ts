export * from './volunteer.schema';
export * from './volunteer.rules';
export * from './volunteer.endpoints';
