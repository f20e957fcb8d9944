export * from './volunteer.schema';
export * from './volunteer.rules';
export * from './volunteer.endpoints';
export * from './activity.endpoints';
export * from './mall.endpoints';
