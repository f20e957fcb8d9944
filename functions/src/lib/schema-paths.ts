import type { InferRawDocType } from 'mongoose';

/**
 * Compiles only when a Mongoose schema definition and the document interface name the same paths (besides `_id` and
 * the timestamps mongoose adds). Where a document type is still written out beside its schema (see the model files
 * for why), this keeps the two from drifting: a path added to one and not the other fails the typecheck.
 */
export type SamePaths<Definition, Doc, Skip extends PropertyKey = '_id' | 'createdAt' | 'updatedAt'> = [
  Exclude<keyof InferRawDocType<Definition>, Skip>,
] extends [Exclude<keyof Doc, Skip>]
  ? [Exclude<keyof Doc, Skip>] extends [Exclude<keyof InferRawDocType<Definition>, Skip>]
    ? true
    : { missingFromSchema: Exclude<Exclude<keyof Doc, Skip>, keyof InferRawDocType<Definition>> }
  : { missingFromInterface: Exclude<Exclude<keyof InferRawDocType<Definition>, Skip>, keyof Doc> };

/** `const _check: true = ... as SamePaths<…>`-style assertion helper: fails to compile unless T is `true`. */
export type Assert<T extends true> = T;
