import fc from 'fast-check';
import * as z from 'zod';
import { allEndpoints } from '../endpoints';
import { JoinCommunityInput } from '../communities/community.schema';
import { Open311CreateInput } from '../open311/open311.schema';
import {
  TEXT_CONTROL_MESSAGE,
  TEXT_LINE_BREAK_MESSAGE,
  assertCleanText,
  lineText,
  multilineText,
  stripForbiddenText,
  textProblem,
  type TextKind,
} from './text';

// An oracle written independently of the implementation (a regular expression; tests run on Node only). CR is a
// line ending, allowed in multi-line texts (stored as LF).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_FORBIDDEN = new RegExp(`${FORBIDDEN.source}|[\\t\\n\\r\\u2028\\u2029]`);
const oracle = (s: string, kind: TextKind) => (kind === 'line' ? LINE_FORBIDDEN : FORBIDDEN).test(s);

const FORBIDDEN_CLASSES: [string, string][] = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['backspace', '\b'],
  ['vertical tab', '\u000B'],
  ['form feed', '\f'],
  ['ESC', '\u001B'],
  ['unit separator', '\u001F'],
  ['DEL', '\u007F'],
  ['C1 NEL', '\u0085'],
  ['C1 APC', '\u009F'],
  ['LRE', '\u202A'],
  ['RLE', '\u202B'],
  ['PDF', '\u202C'],
  ['LRO', '\u202D'],
  ['RLO', '\u202E'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
  ['lone high surrogate', '\uD83D'],
  ['lone low surrogate', '\uDE42'],
  ['surrogates in the wrong order', '\uDE42\uD83D'],
];
const ALLOWED: [string, string][] = [
  ['CJK and full-width punctuation', '张阿姨，１号楼（东）！'],
  ['an emoji (a surrogate pair)', '🙂'],
  ['a family emoji joined by ZWJ', '👨‍👩‍👧'],
  ['a flag (regional indicators)', '🇨🇳'],
  ['a rare CJK character outside the BMP', '𠮷'],
  ['left-to-right and right-to-left marks', 'a\u200Eb\u200Fc'],
  ['a non-breaking space', '1\u00A0号楼'],
];

describe('common/text: which characters a person’s text may hold', () => {
  it.each(FORBIDDEN_CLASSES)('refuses %s in both kinds of field', (_name, ch) => {
    for (const kind of ['line', 'multiline'] as const) {
      expect(textProblem(`前${ch}后`, kind)).toBe('control');
      expect(textProblem(`${ch}`, kind)).toBe('control');
      expect(textProblem(`abc${ch}`, kind)).toBe('control');
    }
  });
  it.each(ALLOWED)('keeps %s', (_name, s) => {
    expect(textProblem(s, 'line')).toBeNull();
    expect(textProblem(s, 'multiline')).toBeNull();
    expect(stripForbiddenText(s, 'line')).toBe(s);
  });
  it('keeps tab and line feed in multi-line texts and refuses them in one-line texts', () => {
    for (const ch of ['\t', '\n', '\r', '\r\n', '\u2028', '\u2029']) {
      expect(textProblem(`第一行${ch}第二行`, 'multiline')).toBeNull();
      expect(textProblem(`第一行${ch}第二行`, 'line')).toBe('line_break');
    }
  });
  it('strips what it refuses, keeping pairs, and turns line breaks into spaces on one line', () => {
    expect(stripForbiddenText('abc\u202Eexe.jpg', 'line')).toBe('abcexe.jpg');
    expect(stripForbiddenText('\u0000张\uD800三\uDC00🙂', 'line')).toBe('张三🙂');
    expect(stripForbiddenText('a\tb\r\nc', 'line')).toBe('a b  c');
    expect(stripForbiddenText('a\tb\r\nc\rd\u0007', 'multiline')).toBe('a\tb\nc\nd');
  });
  it('throws for server-side writers with the label and the message', () => {
    expect(() => assertCleanText('abc\u202Eexe.jpg', 'line', '姓名')).toThrow(`姓名${TEXT_CONTROL_MESSAGE}`);
    expect(() => assertCleanText('a\nb', 'line', '姓名')).toThrow(`姓名${TEXT_LINE_BREAK_MESSAGE}`);
    expect(assertCleanText('张阿姨', 'line')).toBe('张阿姨');
  });
});

describe('common/text schemas', () => {
  it('refuses with the field and a Chinese message, so the app shows it under the field', () => {
    const r = JoinCommunityInput.safeParse({ communityId: 'a'.repeat(24), name: 'abc\u202Eexe.jpg', buildingId: 'b'.repeat(24), unit: '1', room: '101' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ['name'], message: `称呼${TEXT_CONTROL_MESSAGE}` })]);
  });
  it('trims before judging, so a pasted trailing line break in a name is not an error', () => {
    expect(lineText().parse(' 张阿姨\n')).toBe('张阿姨');
    expect(lineText().safeParse('张\n阿姨').error?.issues[0]?.message).toBe(TEXT_LINE_BREAK_MESSAGE);
  });
  it('stores multi-line texts with LF line endings', () => {
    expect(multilineText().parse('第一行\r\n第二行\r第三行\n')).toBe('第一行\n第二行\n第三行');
  });
  it('keeps the length limits of the field after the check', () => {
    expect(lineText('名称').min(2, '太短').safeParse('\u202E').error?.issues.map((i) => i.message)).toEqual([`名称${TEXT_CONTROL_MESSAGE}`, '太短']);
  });
});

// Strings of code units mixing what people type with every class refused, lone and paired surrogates.
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', '张', '，', ' ', '1', '🙂', '👨‍👩‍👧', '\u200E') },
  { weight: 2, arbitrary: fc.constantFrom(...FORBIDDEN_CLASSES.map(([, c]) => c), '\t', '\n', '\r', '\r\n', '\u2028') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);
const messy = fc.array(unit, { maxLength: 30 }).map((a) => a.join(''));
const kind = fc.constantFrom<TextKind>('line', 'multiline');

describe('common/text properties', () => {
  it('judges exactly what the oracle forbids', () => {
    fc.assert(fc.property(messy, kind, (s, k) => (textProblem(s, k) !== null) === oracle(s, k)), { numRuns: 2000 });
  });
  it('never leaves a forbidden character after stripping, and changes clean text not at all', () => {
    fc.assert(
      fc.property(messy, kind, (s, k) => {
        const out = stripForbiddenText(s, k);
        return !oracle(out, k) && textProblem(out, k) === null && stripForbiddenText(out, k) === out;
      }),
      { numRuns: 2000 },
    );
  });
  it('never lets a forbidden character through a schema', () => {
    fc.assert(
      fc.property(messy, kind, (s, k) => {
        const r = (k === 'line' ? lineText() : multilineText()).safeParse(s);
        if (r.success) return !oracle(r.data, k);
        return r.error.issues.every((i) => i.message === TEXT_CONTROL_MESSAGE || i.message === TEXT_LINE_BREAK_MESSAGE) && oracle(s.trim().replace(/\r\n?/g, '\n'), k);
      }),
      { numRuns: 2000 },
    );
  });
});

// Every string a client sends in a body is either free text (and then goes through text hygiene) or a format
// that cannot hold these characters (ids, codes, enums, patterns), or is listed here with the reason.
const NOT_DISPLAYED: Record<string, string> = {
  'auth.wechatSignIn body.code': 'wx.login code, exchanged with WeChat and never stored',
  'memberships.join body.phoneCode': 'getPhoneNumber code, exchanged with WeChat',
  'requests.approvePhoto body.key': 'a storage key or photo id, looked up, never shown',
  'consultations.act body.photoKeys[]': 'storage keys, checked against upload records',
  'mall.createReward body.photoKey': 'a storage key, checked against upload records',
  'open311 api_key': 'a secret, compared',
  'open311 jurisdiction_id': 'a community code, looked up',
  'open311 address_id': 'accepted and ignored (not stored)',
  'open311 email': 'accepted and ignored (not stored)',
  'open311 device_id': 'accepted and ignored (not stored)',
  'open311 account_id': 'accepted and ignored (not stored)',
  'open311 first_name': 'accepted and ignored (not stored)',
  'open311 last_name': 'accepted and ignored (not stored)',
  'open311 phone': 'accepted and ignored (not stored)',
};

/** Every string schema inside a schema, with its path. */
function stringLeaves(schema: z.ZodType, path: string, out: [string, z.ZodType][] = []): [string, z.ZodType][] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'string':
      out.push([path, schema]);
      break;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) stringLeaves(v, `${path}.${k}`, out);
      break;
    case 'array':
      stringLeaves(def.element, `${path}[]`, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      stringLeaves(def.innerType, path, out);
      break;
    case 'union':
      for (const o of def.options) stringLeaves(o, path, out);
      break;
    case 'pipe':
      stringLeaves(def.in, path, out);
      break;
    case 'record':
      stringLeaves(def.valueType, `${path}{}`, out);
      break;
  }
  return out;
}

const SAMPLES = ['测试', '测试文字内容', '这是一段足够长的测试文字内容，用来检查'];

describe('every text a person types goes through text hygiene', () => {
  const leaves: [string, z.ZodType][] = [
    ...allEndpoints.flatMap((e) => stringLeaves(e.body as z.ZodType, `${e.id} body`)),
    ...stringLeaves(Open311CreateInput, 'open311').map(([p, s]) => [p.replace('open311.', 'open311 '), s] as [string, z.ZodType]),
  ];
  const free = leaves.filter(([p, s]) => !(p in NOT_DISPLAYED) && SAMPLES.some((x) => s.safeParse(x).success));
  it('finds the free-text fields of the bodies, and every exception still names a field', () => {
    expect(free.length).toBeGreaterThan(40);
    const paths = new Set(leaves.map(([p]) => p));
    expect(Object.keys(NOT_DISPLAYED).filter((p) => !paths.has(p))).toEqual([]);
  });
  it.each(free.map(([p, s]) => [p.replace(/ body\./, ' body.'), s] as const))('%s refuses a right-to-left override', (_p, s) => {
    const sample = SAMPLES.find((x) => s.safeParse(x).success)!;
    const spoofed = `${sample.slice(0, 1)}\u202E${sample.slice(2)}`; // same length
    const r = s.safeParse(spoofed);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join()).toContain(TEXT_CONTROL_MESSAGE);
  });
});
