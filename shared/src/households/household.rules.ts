import { textProblem } from '../common/text';
import { HOUSEHOLD_IMPORT_MAX_ROWS, OccupantInput, type HouseholdViewAction } from './household.schema';

// The household register's pure rules: one spelling per address (so 1单元 and 1 are one household), building
// names as people type them, and the CSV import read row by row with a reason in Chinese for every refused row.

/** Full-width digits, letters and the ideographic space as their ASCII forms (people type both on phones). */
function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一..九十九 written in Chinese as a number string (十二 → 12, 二十 → 20), else the text unchanged. */
function chineseNumber(s: string): string {
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || !s) return s;
  if (!m[2]) return m[1] && !m[3] ? String(CHINESE_DIGITS[m[1]]) : s;
  return String((m[1] ? CHINESE_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CHINESE_DIGITS[m[3]]! : 0));
}

/** A number without leading zeros (01 → 1; 0 stays 0); anything else unchanged. */
const noLeadingZeros = (s: string) => (/^\d+$/.test(s) ? String(Number(s)) : s);

/**
 * The stored spelling of a unit: "1单元", "1", "01", "一单元", " 1 " and "１" are all "1". Letters are upper-cased
 * (A单元 → A); anything else is kept as typed, without spaces.
 */
export function normalizeUnit(unit: string): string {
  const s = halfWidth(unit).replace(/\s+/g, '').replace(/单元$/, '');
  return noLeadingZeros(chineseNumber(s)).toUpperCase();
}

/**
 * The stored spelling of a room: "101室", "101", "101号", "101房" and "１０１" are all "101". Leading zeros are kept
 * (0101 is how some buildings number a first-floor room, and may differ from 101).
 */
export function normalizeRoom(room: string): string {
  return halfWidth(room).replace(/\s+/g, '').replace(/(室|号|房)$/, '').toUpperCase();
}

/** The address of a household as people write it: 1号楼1单元101. */
export const householdAddress = (buildingName: string, unit: string, room: string) => `${buildingName}${unit}单元${room}`;

/** A building name's core for matching: "1号楼", "1栋", "1幢", "１号楼" and "1" are all "1"; other names as typed. */
export function buildingKey(name: string): string {
  const s = halfWidth(name).replace(/\s+/g, '');
  const m = /^(\d+)(号楼|号|栋|幢|楼)?$/.exec(s);
  return m ? String(Number(m[1])) : s.toUpperCase();
}

/** The building a person named, among the community's: by exact name, else by its core ("1栋" is 1号楼); null if none or several. */
export function matchBuilding<B extends { name: string }>(typed: string, buildings: readonly B[]): B | null {
  const exact = buildings.filter((b) => b.name === typed.trim());
  if (exact.length === 1) return exact[0]!;
  const key = buildingKey(typed);
  const byKey = buildings.filter((b) => buildingKey(b.name) === key);
  return byKey.length === 1 ? byKey[0]! : null;
}

/** Two occupant names as the same person's on one household (spaces and width aside). */
export const sameOccupantName = (a: string, b: string) => halfWidth(a).replace(/\s+/g, '') === halfWidth(b).replace(/\s+/g, '');

/**
 * The moves a caller may make on a household, in the order the app shows them, as far as `can` (the permission
 * table) allows them.
 */
export function availableHouseholdActions(can: (a: HouseholdViewAction) => boolean): HouseholdViewAction[] {
  return (['add_occupant', 'edit_occupants', 'erase', 'edit_care_flags'] as const).filter(can);
}

/**
 * The fields of a CSV text (RFC 4180: commas, double-quoted fields with "" for a quote, CRLF or LF), row by row
 * with the line each row starts on. A byte-order mark is dropped; blank rows are skipped.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === ',' || c === '，') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length) endRow();
  return rows;
}

/** One row of an import, read: an address and maybe an occupant, or the reason it is refused. */
export type HouseholdCsvRow =
  | { line: number; ok: true; building: string; unit: string; room: string; occupant?: OccupantInput }
  | { line: number; ok: false; message: string };

/** The columns of an import, in order; only the first three are required. */
export const HOUSEHOLD_CSV_COLUMNS = ['楼栋', '单元', '房号', '姓名', '关系', '联系电话', '电话说明'] as const;

/** The first Chinese message a value fails with, for a text of at most `max` characters. */
function textMessage(label: string, value: string, max: number): string | null {
  const p = textProblem(value, 'line');
  if (p) return `${label}${p === 'control' ? '包含不允许的控制字符' : '不能包含换行或制表符'}`;
  if (value.length > max) return `${label}最多${max}个字`;
  return null;
}

/**
 * Reads an import file into rows: a first row naming 楼栋 is the header and skipped; each other row is an address
 * (楼栋, 单元, 房号; the unit and room normalised) and, when it names one, an occupant (姓名, 关系, 联系电话, 电话说明),
 * or the reason it cannot be taken, in Chinese. The whole file is refused (`tooMany`) beyond the row limit, so an
 * import never stops half-way through a file.
 */
export function readHouseholdCsv(text: string): { rows: HouseholdCsvRow[]; tooMany: boolean } {
  const all = parseCsv(text);
  const body = all.length && halfWidth(all[0]!.fields[0] ?? '').replace(/\s+/g, '').startsWith('楼栋') ? all.slice(1) : all;
  if (body.length > HOUSEHOLD_IMPORT_MAX_ROWS) return { rows: [], tooMany: true };
  const rows = body.map(({ line, fields }): HouseholdCsvRow => {
    const [building = '', unit = '', room = '', name = '', relation = '', phone = '', phoneNote = ''] = fields.map((f) => f.trim());
    const refuse = (message: string): HouseholdCsvRow => ({ line, ok: false, message });
    if (fields.length > HOUSEHOLD_CSV_COLUMNS.length) return refuse(`列数过多：应为${HOUSEHOLD_CSV_COLUMNS.join('、')}`);
    if (!building) return refuse('缺少楼栋');
    if (!unit) return refuse('缺少单元');
    if (!room) return refuse('缺少房号');
    for (const [label, value, max] of [['楼栋', building, 40], ['单元', unit, 16], ['房号', room, 16]] as const) {
      const m = textMessage(label, value, max);
      if (m) return refuse(m);
    }
    if (!name) {
      if (relation || phone || phoneNote) return refuse('填写了关系或电话，但缺少姓名');
      return { line, ok: true, building, unit: normalizeUnit(unit), room: normalizeRoom(room) };
    }
    const parsed = OccupantInput.safeParse({
      name,
      relation: relation || undefined,
      phone: phone ? halfWidth(phone).replace(/[\s-]/g, '') : undefined,
      phoneNote: phoneNote || undefined,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const label = { name: '姓名', relation: '关系', phone: '联系电话', phoneNote: '电话说明' }[String(issue.path[0])] ?? '';
      return refuse(issue.message.startsWith(label) ? issue.message : `${label}：${issue.message}`);
    }
    return { line, ok: true, building, unit: normalizeUnit(unit), room: normalizeRoom(room), occupant: parsed.data };
  });
  return { rows, tooMany: false };
}
