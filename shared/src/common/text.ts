import * as z from 'zod';

// Text hygiene: the one place that decides which characters a person's text may hold (issue 14, finding 7).
// A name such as `abc\u202Eexe.jpg` shows to everyone else as "abcgpj.exe": right-to-left overrides and isolates
// reorder what neighbours and staff read, C0/C1 controls and NUL are invisible or break lists, logs and CSV
// exports, and a lone surrogate is not text at all (it cannot be encoded as UTF-8).
//
// Refused (never stripped) in everything a person types: a 400 that names the field, so nothing anyone typed is
// silently changed behind their back and a spoofed name never half-survives; the app runs the same schemas,
// so the message shows under the field before anything is sent. What is refused:
// - C0 controls U+0000–U+001F except tab and line feed, DEL U+007F, C1 controls U+0080–U+009F;
// - bidi embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069;
// - lone surrogates (a high surrogate without its low one, or a low one alone).
// Two kinds of field:
// - one-line (names, nicknames, titles, addresses, units and rooms, labels, skills): tabs and line breaks (CR, LF,
//   U+2028, U+2029) are refused too, because lists, table cells and CSV columns show them as one line;
// - multi-line (descriptions, comments, replies, reasons, notes): tab and line feed are kept; CR LF and a lone CR
//   become LF first — line endings are not content, and the 12345 platform's form posts use CR LF.
// Allowed on purpose: emoji (surrogate pairs) and their zero-width joiner sequences, and the directional marks
// U+200E/U+200F, which do not reorder runs of text.
// Values the server makes itself from outside data (a default nickname from the openid) are stripped instead
// with `stripForbiddenText`: there is no person to show a message to.

/** The message of a refused text (the field's label goes first when it has one). */
export const TEXT_CONTROL_MESSAGE = '包含不允许的控制字符';
/** The message of a tab or line break in a one-line field. */
export const TEXT_LINE_BREAK_MESSAGE = '不能包含换行或制表符';

/** A one-line field (names, titles, addresses) or a multi-line one (descriptions, comments, reasons). */
export type TextKind = 'line' | 'multiline';
/** Why a text is refused: a forbidden control character, or a tab or line break in a one-line field. */
export type TextProblem = 'control' | 'line_break';

/** True for the characters no text may hold (see above); tab, line feed and carriage return are judged by kind. */
function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// Tab, LF, CR and the Unicode line and paragraph separators U+2028/U+2029.
const isLineBreakOrTab = (c: number) => c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

/** What is wrong with a text of this kind, or null when it may be stored and shown. */
export function textProblem(s: string, kind: TextKind): TextProblem | null {
  // A loop rather than a regular expression: lookbehind (for lone low surrogates) is a syntax error on older
  // mini-program JavaScript engines, and this runs there too.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLineBreakOrTab(c)) {
      if (kind === 'line') return 'line_break';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'control';
      i++; // a well-formed pair: an emoji or a rare CJK character
    } else if ((c >= 0xdc00 && c <= 0xdfff) || isControl(c)) return 'control';
  }
  return null;
}

/** CR LF and lone CR as LF: how a multi-line text is stored. */
export const normalizeLineEndings = (s: string) => s.replace(/\r\n?/g, '\n');

/**
 * Removes what `textProblem` refuses, for values the server derives itself (no person to tell); in a one-line
 * text tabs and line breaks become a space.
 */
export function stripForbiddenText(s: string, kind: TextKind): string {
  let out = '';
  const text = kind === 'multiline' ? normalizeLineEndings(s) : s;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLineBreakOrTab(c)) {
      out += kind === 'line' ? ' ' : text[i];
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      }
    } else if (!((c >= 0xdc00 && c <= 0xdfff) || isControl(c))) out += text[i];
  }
  return out;
}

/** Throws (for CLIs and server-side writers) when a text of this kind would be refused by the API. */
export function assertCleanText(s: string, kind: TextKind, label = ''): string {
  const problem = textProblem(s, kind);
  if (problem) throw new Error(`${label}${problem === 'control' ? TEXT_CONTROL_MESSAGE : TEXT_LINE_BREAK_MESSAGE}`);
  return s;
}

const hygiene = (kind: TextKind, label: string) => (ctx: z.core.ParsePayload<string>) => {
  const problem = textProblem(ctx.value, kind);
  if (problem) ctx.issues.push({ code: 'custom', message: `${label}${problem === 'control' ? TEXT_CONTROL_MESSAGE : TEXT_LINE_BREAK_MESSAGE}`, input: ctx.value });
};

/**
 * A one-line text a person types and others see (names, nicknames, titles, addresses, labels): trimmed, then
 * refused with a control character, a tab or a line break. Chain `.min()` / `.max()` after it.
 */
export const lineText = (label = '') => z.string().trim().check(hygiene('line', label));

/**
 * A multi-line text a person types and others see (descriptions, comments, replies, reasons, notes): line
 * endings as LF, trimmed, then refused with a control character. Chain `.min()` / `.max()` after it.
 */
export const multilineText = (label = '') => z.string().overwrite(normalizeLineEndings).trim().check(hygiene('multiline', label));
