export * from './mobile-grid.schema';
export * from './mobile-grid.rules';
export * from './mobile-grid.endpoints';
