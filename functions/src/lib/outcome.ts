import type { ApiError } from './errors';

/**
 * What a use case returns (file a request, cast a ballot, redeem, approve a member…): the value, or why it was
 * refused. Refusals are part of the domain, not exceptions; each feature's routes map every reason to its HTTP
 * answer in one place. A refusal is an object with a `reason` and whatever the answer needs to say (a field path,
 * the state machine's refusal…); the simple form carries a `detail` record.
 */
export type OutcomeOf<T, Refusal extends { reason: string }> = { ok: true; value: T } | ({ ok: false } & Refusal);

/** The simple form: a reason from a list, and details for the message. */
export type Outcome<T, R extends string> = OutcomeOf<T, { reason: R; detail?: Record<string, unknown> }>;

export const done = <T>(value: T) => ({ ok: true as const, value });
export const refused = <R extends string>(reason: R, detail?: Record<string, unknown>) => ({ ok: false as const, reason, detail });

/** The value of an outcome, or the route's answer for its refusal (thrown: the pipeline shapes the response). */
export function orThrow<T, Refusal extends { reason: string }>(outcome: OutcomeOf<T, Refusal>, answer: (refusal: Refusal) => ApiError): T {
  if (outcome.ok) return outcome.value;
  throw answer(outcome as Refusal);
}

/** `orThrow` with the answers as a table by reason (the simple form). */
export function orRefuse<T, R extends string>(outcome: Outcome<T, R>, answers: { [K in R]: (detail: Record<string, unknown>) => ApiError }): T {
  return orThrow(outcome, (r) => answers[r.reason](r.detail ?? {}));
}
