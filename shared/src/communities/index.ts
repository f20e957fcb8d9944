export * from './community.schema';
export * from './community.endpoints';
