export * from './request.schema';
export * from './request.rules';
