export * from './open311.schema';
