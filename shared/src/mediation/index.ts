export * from './mediation.settings';
export * from './mediation.schema';
export * from './mediation.rules';
export * from './mediation.endpoints';
