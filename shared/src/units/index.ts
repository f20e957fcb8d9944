export * from './unit.schema';
export * from './unit.endpoints';
export * from './unit.rules';
