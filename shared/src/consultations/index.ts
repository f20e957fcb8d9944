export * from './consultation.schema';
export * from './consultation.rules';
export * from './consultation.endpoints';
