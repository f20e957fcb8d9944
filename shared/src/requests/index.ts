export * from './request.schema';
export * from './request.rules';
export * from './request.endpoints';
export * from './stats.schema';
export * from './stats.endpoints';
export * from './stats.rules';
export * from './uploads.schema';
export * from './uploads.endpoints';
