import { useCallback, useRef, useState } from 'react'
import type { z } from 'zod'
import { check, errorsFromCall, limitsOf, withoutErrors, type FieldErrors, type Limits } from '../services/form'

export interface FormOptions<V, S extends z.ZodType> {
  /** The endpoint's body schema from @linli/shared: what the server will check, so the page checks the same. */
  schema: S
  initial: V | (() => V)
  /** The body to send, built from what the form holds (trimmed, optional parts left out); null when not ready. */
  toBody?: (values: V) => unknown
  /** Messages of the page's own for some fields (e.g. 请选择楼栋 where the schema says "Invalid"). */
  messages?: Record<string, string>
}

/**
 * A form's values and errors. Typing into a field clears its error; `validate` checks the body with the shared
 * schema (zod issues become field errors); `fail` turns a refused call into field errors or a form error;
 * `limits(path)` gives the schema's limits for `maxlength` and counters.
 */
export function useForm<V extends object, S extends z.ZodType>({ schema, initial, toBody, messages }: FormOptions<V, S>) {
  const [values, setValues] = useState<V>(initial)
  const [errors, setErrors] = useState<FieldErrors>({})
  const latest = useRef(values)
  latest.current = values

  const clear = useCallback((...keys: string[]) => setErrors((e) => withoutErrors(e, keys)), [])

  /** Merges a change into the values and clears the errors of the fields it touches. */
  const set = useCallback(
    (patch: Partial<V>) => {
      setValues((v) => {
        const next = { ...v, ...patch }
        latest.current = next
        return next
      })
      clear(...Object.keys(patch))
    },
    [clear],
  )

  /** The checked body, or null with the errors shown. */
  const validate = (): z.output<S> | null => {
    const body = toBody ? toBody(latest.current) : latest.current
    const res = check(schema, body, messages)
    if (res.ok) return res.data
    setErrors(res.errors)
    return null
  }

  /** A call the server refused: its field messages, or a form-wide one. Returns the errors shown. */
  const fail = (err: unknown, contentField?: string): FieldErrors => {
    const next = errorsFromCall(err, contentField)
    setErrors(next)
    return next
  }

  const limits = (path: string): Limits => limitsOf(schema, path)

  /**
   * Validates and sends the body: resolves with the answer, or null with the errors shown (the schema's before
   * sending, the server's refusal after). The call should be silent: its refusal is shown on the form.
   */
  const send = async <R>(call: (body: z.output<S>) => Promise<R>, contentField?: string): Promise<R | null> => {
    const body = validate()
    if (!body) return null
    setErrors({})
    try {
      return await call(body)
    } catch (err) {
      fail(err, contentField)
      return null
    }
  }

  const reset = (to?: V) => {
    const v = to ?? (typeof initial === 'function' ? (initial as () => V)() : initial)
    latest.current = v
    setValues(v)
    setErrors({})
  }

  return { values, set, setValues, errors, setErrors, clear, validate, fail, limits, reset, send }
}

export type Form<V extends object> = ReturnType<typeof useForm<V, z.ZodType>>
