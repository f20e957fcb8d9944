import { z } from 'zod';

// Validation messages in Chinese on both sides (the server's VALIDATION_FAILED details, the app's own checks).
z.config(z.locales.zhCN());

export * from './common/errors';
export * from './common/ids';
export * from './common/api';
export * from './common/roles';
export * from './common/pagination.schema';
export * from './common/time';
export * from './common/version';
export * from './auth';
export * from './communities';
export * from './requests';
export * from './consultations';
export * from './volunteers';
export * from './messages';
export * from './open311';
export * from './system/system.endpoints';
export * from './endpoints';
