import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText } from '../common/text';
import { PhoneNumber } from '../communities/community.schema';
import { CareFlagView, CareVisitView } from './care-flag.schema';

/** A one-line text a person types, with the field's Chinese label in its messages. */
const line = (min: number, max: number, label: string) => lineText(label).min(min, `${label}不能为空`).max(max, `${label}最多${max}个字`);

/** Most rows a CSV import takes at once (a large community imports building by building). */
export const HOUSEHOLD_IMPORT_MAX_ROWS = 2000;
/** Most occupants recorded on one household. */
export const HOUSEHOLD_MAX_OCCUPANTS = 20;

/**
 * How an occupant came onto the register: `member` from a membership (joining, approval, a move: linked to the
 * member's account, removed when they leave), `staff` typed in by staff, `import` from a CSV import.
 */
export const OCCUPANT_SOURCES = ['member', 'staff', 'import'] as const;
export const OccupantSource = z.enum(OCCUPANT_SOURCES);
export type OccupantSource = z.infer<typeof OccupantSource>;

/**
 * An occupant staff record: the name (who lives there; the person visited), optionally their relation in the
 * household (户主, 配偶, 子女, 租户…) and a contact number with whose it is (an elderly person's son): both for
 * reaching someone who does not use WeChat. `membershipId` links the entry to a member of the community.
 */
export const OccupantInput = z
  .object({
    name: line(1, 20, '姓名'),
    relation: line(1, 10, '关系').optional(),
    phone: PhoneNumber.optional(),
    phoneNote: line(1, 20, '电话说明').optional(),
    membershipId: Id.optional(),
  })
  .strict();
export type OccupantInput = z.infer<typeof OccupantInput>;

/** Changes to an occupant; `''` removes the optional relation, phone or its note. */
export const UpdateOccupantInput = z
  .object({
    name: line(1, 20, '姓名').optional(),
    relation: line(1, 10, '关系').or(z.literal('')).optional(),
    phone: PhoneNumber.or(z.literal('')).optional(),
    phoneNote: line(1, 20, '电话说明').or(z.literal('')).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: '请填写要修改的内容', path: ['name'] });
export type UpdateOccupantInput = z.infer<typeof UpdateOccupantInput>;

/** A household (户) by its address: a building of the community, its unit and room (normalised on the server). */
export const CreateHouseholdInput = z
  .object({
    buildingId: Id,
    unit: line(1, 16, '单元'),
    room: line(1, 16, '房号'),
    occupants: z.array(OccupantInput).max(HOUSEHOLD_MAX_OCCUPANTS, `一户最多登记${HOUSEHOLD_MAX_OCCUPANTS}人`).optional(),
  })
  .strict();
export type CreateHouseholdInput = z.infer<typeof CreateHouseholdInput>;

/** Why an occupant or a household record goes: moved out (搬离), on the person's request (本人申请), or another reason. */
export const ERASE_REASONS = ['moved_out', 'on_request', 'other'] as const;
export const EraseReason = z.enum(ERASE_REASONS);
export type EraseReason = z.infer<typeof EraseReason>;
export const ERASE_REASON_LABELS: Record<EraseReason, string> = { moved_out: '已搬离', on_request: '本人申请删除', other: '其他' };
export const EraseInput = z.object({ reason: EraseReason, note: line(1, 100, '说明').optional() }).strict();
export type EraseInput = z.infer<typeof EraseInput>;

/** A CSV import: the file's text (UTF-8; columns 楼栋,单元,房号,姓名,关系,联系电话,电话说明; a header row is optional). */
export const ImportHouseholdsInput = z
  .object({ csv: multilineText('CSV内容').min(1, '请粘贴CSV内容').max(400_000, 'CSV内容过长，请分批导入') })
  .strict();
export type ImportHouseholdsInput = z.infer<typeof ImportHouseholdsInput>;

export const HouseholdListQuery = z
  .object({
    buildingId: Id.optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type HouseholdListQuery = z.output<typeof HouseholdListQuery>;

export const HouseholdIdParams = z.object({ householdId: Id }).strict();
export const OccupantParams = z.object({ householdId: Id, occupantId: Id }).strict();

/**
 * An occupant as a caller sees them. The contact (`phone`, `phoneNote`) only for staff and the grid's workers,
 * and for the occupant themselves; a resident sees who else lives in their household, never their numbers.
 */
export const OccupantView = z.object({
  id: Id,
  name: z.string(),
  relation: z.string().optional(),
  phone: z.string().optional(),
  phoneNote: z.string().optional(),
  /** Linked to a member of the community (uses the mini-program); false for those recorded by name only. */
  hasAccount: z.boolean(),
  source: OccupantSource,
  /** The caller themselves. */
  isMe: z.boolean(),
});
export type OccupantView = z.infer<typeof OccupantView>;

/**
 * The moves the API may offer on a household, by button: 添加住户, 编辑住户 / 移除住户 (per occupant), 删除户档案,
 * 关爱标记 (set and clear care flags).
 */
export const HOUSEHOLD_VIEW_ACTIONS = ['add_occupant', 'edit_occupants', 'erase', 'edit_care_flags'] as const;
export const HouseholdViewAction = z.enum(HOUSEHOLD_VIEW_ACTIONS);
export type HouseholdViewAction = z.infer<typeof HouseholdViewAction>;

export const HouseholdRecordView = z.object({
  id: Id,
  buildingId: Id,
  buildingName: z.string(),
  gridId: Id.optional(),
  unit: z.string(),
  room: z.string(),
  /** 1号楼1单元101. */
  address: z.string(),
  occupantCount: z.number().int(),
  occupants: z.array(OccupantView),
  /**
   * 关爱标记 and the next visit: only for staff and the grid's workers (absent for anyone else, the household's own
   * residents included); every answer carrying them is recorded in the audit log.
   */
  careFlags: z.array(CareFlagView).optional(),
  visit: CareVisitView.optional(),
  actions: z.array(HouseholdViewAction),
});
export type HouseholdRecordView = z.infer<typeof HouseholdRecordView>;

/** What creating a household did: `created` false when it was already on the register (occupants then added to it). */
export const CreateHouseholdResult = z.object({ created: z.boolean(), household: HouseholdRecordView });

export const IMPORT_ROW_OUTCOMES = ['created', 'existing', 'error'] as const;
export const ImportRowOutcome = z.enum(IMPORT_ROW_OUTCOMES);
export type ImportRowOutcome = z.infer<typeof ImportRowOutcome>;
export const IMPORT_ROW_OUTCOME_LABELS: Record<ImportRowOutcome, string> = { created: '新建', existing: '已存在', error: '错误' };

/** The result of an import, row by row (line numbers of the file, the header counted). */
export const ImportHouseholdsResult = z.object({
  rows: z.array(
    z.object({
      line: z.number().int(),
      outcome: ImportRowOutcome,
      householdId: Id.optional(),
      address: z.string().optional(),
      /** The row's occupant was added (false when the row named none, or the household already had them). */
      occupantAdded: z.boolean(),
      /** Why the row was refused (Chinese). */
      message: z.string().optional(),
    }),
  ),
  created: z.number().int(),
  existing: z.number().int(),
  occupantsAdded: z.number().int(),
  errors: z.number().int(),
});
export type ImportHouseholdsResult = z.infer<typeof ImportHouseholdsResult>;
