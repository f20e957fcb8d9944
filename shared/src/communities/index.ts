export * from './community.schema';
export * from './community.endpoints';
export * from './membership.rules';
