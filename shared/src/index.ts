import * as z from 'zod';
import { zhCN } from 'zod/locales';

// Validation messages in Chinese on both sides (the server's VALIDATION_FAILED details, the app's own checks).
// zod is imported as a namespace (`import * as z`) everywhere and the locale by name: `import { z } from 'zod'`
// or z.locales keeps all of zod and its ~50 locales (444 KB instead of ~100 KB) in every Lambda bundle and the
// mini-program, all parsed at each cold start (bench/coldstart.mjs; guarded by functions/test/cold-start.test.ts).
z.config(zhCN());

export * from './common/errors';
export * from './common/ids';
export * from './common/api';
export * from './common/roles';
export * from './common/pagination.schema';
export * from './common/time';
export * from './common/version';
export * from './common/text';
export * from './common/geo';
export * from './common/retention';
export * from './common/workdays';
export * from './common/holiday-calendars';
export * from './auth';
export * from './communities';
export * from './requests';
export * from './consultations';
export * from './volunteers';
export * from './messages';
export * from './open311';
export * from './patrols';
export * from './mobile-grid';
export * from './households';
export * from './mediation';
export * from './visits';
export * from './units';
export * from './system/system.endpoints';
export * from './endpoints';
