import type { ApiError } from './errors';

/**
 * What a use case returns (sign up, redeem, approve a member…): the value, or the reason it was refused. Refusals
 * are part of the domain, not exceptions; the route maps each reason to its HTTP answer in one table.
 */
export type Outcome<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R; detail?: Record<string, unknown> };

export const done = <T>(value: T) => ({ ok: true as const, value });
export const refused = <R extends string>(reason: R, detail?: Record<string, unknown>) => ({ ok: false as const, reason, detail });

/** The value of an outcome, or the route's answer for its refusal (thrown: the pipeline shapes the response). */
export function orRefuse<T, R extends string>(outcome: Outcome<T, R>, answers: { [K in R]: (detail: Record<string, unknown>) => ApiError }): T {
  if (outcome.ok) return outcome.value;
  throw answers[outcome.reason](outcome.detail ?? {});
}
