import * as z from 'zod';

// Kept apart from mediation.schema.ts: the community settings import it, and mediation.schema.ts imports the
// communities' schema (a phone number), so the two would otherwise import each other.

/** Days after the agreement (调解成功) when its 回访 is due: a community setting, 30 unless its admin changes it. */
export const DEFAULT_MEDIATION_FOLLOW_UP_DAYS = 30;
export const MediationFollowUpDays = z.number().int('请输入整数天数').min(1, '回访天数至少1天').max(365, '回访天数最多365天');
