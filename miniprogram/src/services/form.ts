/**
 * Forms read their rules from the shared zod schema the server validates with: the limits a field shows
 * (`maxlength`, 还可输入N字) and the messages under it come from there, so a page never restates `40` or
 * "标题不能超过40字". Pure functions; components/useForm.ts holds them in React state.
 */
import type { z } from 'zod'
import { ApiError, errorMessage, fieldErrors } from './http'

/** Messages by field path (`title`, `onBehalfOf.buildingId`); `form` is for what belongs to no field. */
export type FieldErrors = Record<string, string>

interface Issue {
  path: readonly PropertyKey[]
  message: string
}

/** The first message for each field path, as the server's VALIDATION_FAILED details would give them. */
export function errorsFromIssues(issues: readonly Issue[], overrides: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form'
    if (!(key in out)) out[key] = overrides[key] ?? issue.message
  }
  return out
}

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

/** Checks a body with the endpoint's own schema before sending it: the same messages the server would answer. */
export function check<S extends z.ZodType>(schema: S, body: unknown, overrides?: Record<string, string>): Checked<z.output<S>> {
  const res = schema.safeParse(body)
  return res.success ? { ok: true, data: res.data } : { ok: false, errors: errorsFromIssues(res.error.issues, overrides) }
}

/** Errors without the given fields, and without the form-wide one (typing again answers it). */
export function withoutErrors(errors: FieldErrors, keys: readonly string[]): FieldErrors {
  if (!keys.some((k) => k in errors) && !('form' in errors)) return errors
  const next = { ...errors }
  for (const k of keys) delete next[k]
  delete next.form
  return next
}

/**
 * What a failed call means for a form: the server's per-field messages where it gave some, the message under
 * `form` otherwise. A refused text (内容安全) belongs to the field named by `contentField`.
 */
export function errorsFromCall(err: unknown, contentField?: string): FieldErrors {
  const byField = fieldErrors(err)
  if (contentField && err instanceof ApiError && err.code === 'CONTENT_REJECTED') byField[contentField] = err.message
  return Object.keys(byField).length ? byField : { form: errorMessage(err) }
}

// ---------------------------------------------------------------- limits from the schema

type AnySchema = z.ZodType & { def?: Record<string, unknown>; _zod?: { def: Record<string, unknown> } }

const defOf = (s: AnySchema): Record<string, unknown> => (s._zod?.def ?? s.def ?? {}) as Record<string, unknown>

/** Strips optional / nullable / default / pipe wrappers down to the schema that checks the value. */
function unwrap(s: AnySchema): AnySchema {
  for (let i = 0; i < 10; i++) {
    const def = defOf(s)
    const inner = (def.innerType ?? (def.type === 'pipe' ? def.in : undefined)) as AnySchema | undefined
    if (!inner) return s
    s = inner
  }
  return s
}

/** The schema of a field at a dotted path (through objects and the options of a union that have the field). */
export function fieldSchema(schema: z.ZodType, path: string): z.ZodType | undefined {
  let s: AnySchema | undefined = schema as AnySchema
  for (const key of path.split('.')) {
    if (!s) return undefined
    s = unwrap(s)
    const def = defOf(s)
    if (def.type === 'object') s = (def.shape as Record<string, AnySchema>)[key]
    else if (def.type === 'union') s = (def.options as AnySchema[]).map((o) => unwrap(o)).map((o) => (defOf(o).shape as Record<string, AnySchema> | undefined)?.[key]).find(Boolean)
    else if (def.type === 'array' && /^\d+$/.test(key)) s = def.element as AnySchema
    else return undefined
  }
  return s
}

export interface Limits {
  /** Shortest and longest text (characters), for strings. */
  minLength?: number
  maxLength?: number
  /** Smallest and largest value, for numbers. */
  min?: number
  max?: number
  /** Fewest and most items, for arrays. */
  minItems?: number
  maxItems?: number
}

/** What the schema allows at a path, read from its checks; {} when the path has no such checks. */
export function limitsOf(schema: z.ZodType, path: string): Limits {
  const field = fieldSchema(schema, path)
  if (!field) return {}
  const s = unwrap(field as AnySchema) as AnySchema & Record<string, unknown>
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
  const def = defOf(s)
  if (def.type === 'array') {
    const out: Limits = {}
    for (const c of (def.checks as AnySchema[] | undefined) ?? []) {
      const cd = defOf(c)
      if (cd.check === 'min_length') out.minItems = num(cd.minimum)
      if (cd.check === 'max_length') out.maxItems = num(cd.maximum)
    }
    return out
  }
  return { ...patternLength(def), ...defined({ minLength: num(s.minLength), maxLength: num(s.maxLength) }), min: num(s.minValue), max: num(s.maxValue) }
}

const defined = (o: Limits): Limits => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/**
 * The length a fixed-width pattern allows (`/^\d{6}$/` → 6, a phone number `/^1[3-9]\d{9}$/` → 11): codes and phone
 * numbers are checked by pattern, not by min/max, and their inputs still need a `maxlength`. Only a sequence of
 * single characters, escapes and character classes, each repeated a fixed (or n to m) number of times, counts.
 */
function patternLength(def: Record<string, unknown>): Limits {
  for (const c of (def.checks as AnySchema[] | undefined) ?? []) {
    const pattern = defOf(c).pattern
    if (!(pattern instanceof RegExp)) continue
    const body = /^\^(.*)\$$/.exec(pattern.source)?.[1]
    if (body === undefined) continue
    let min = 0
    let max = 0
    const atom = /(\\.|\[[^\]]+\]|[^\\[\](){}|?*+^$])(?:\{(\d+)(?:,(\d+))?\})?/y
    let at = 0
    while (at < body.length) {
      atom.lastIndex = at
      const m = atom.exec(body)
      if (!m) break
      min += Number(m[2] ?? 1)
      max += Number(m[3] ?? m[2] ?? 1)
      at = atom.lastIndex
    }
    if (at === body.length && max > 0) return { minLength: min, maxLength: max }
  }
  return {}
}

/** The `maxlength` for an input from the schema (the schema must say it; a page never restates it). */
export function maxLengthOf(schema: z.ZodType, path: string): number | undefined {
  return limitsOf(schema, path).maxLength
}
