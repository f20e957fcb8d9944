export * from './visit.schema';
export * from './visit.rules';
export * from './visit.endpoints';
