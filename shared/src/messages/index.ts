export * from './message.schema';
export * from './message.endpoints';
