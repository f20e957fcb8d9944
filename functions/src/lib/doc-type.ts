import type { InferRawDocType, Types } from 'mongoose';

/*
 * Document types are derived from the Mongoose schema definitions (what is stored), never restated beside them:
 *
 *   const thingDefinition = { … };                       // the paths, as given to `new Schema`
 *   export type ThingDoc = DocOf<typeof thingDefinition, { settings: CommunitySettings }>;
 *   const ThingSchema = new Schema<ThingDoc>(thingDefinition, …);
 *
 * Closed sets of strings carry their values as `enum:` in the definition (the shared constants), so inference gives
 * the union by itself. What mongoose cannot express is narrowed by name, and only narrowed: the type checker refuses
 * an override that is not assignable to what mongoose infers for that path, or that names a path the schema lacks.
 */

/** Flattens an intersection, so hovers and errors show one object type. */
type Show<T> = { [K in keyof T]: T[K] } & {};

/**
 * Optional paths as the code stores them: absent (`T | undefined`), never null. Mongoose types them `T | null`
 * because a document may hold null; nothing here writes null (a cleared path is `$unset`).
 */
type NoNull<T> = { [K in keyof T]: Exclude<T[K], null> };

/** The paths of a schema definition as a plain object type (no `_id`), optional paths without null. */
export type RawDoc<Definition> = NoNull<InferRawDocType<Definition>>;

/**
 * Replaces the inferred type of some paths by a narrower one: a Mixed path typed by its shared/ zod type, a string
 * whose values are a union named in code, a subdocument whose parts are always written. Each override must be
 * assignable to the inferred type of an existing path (so this can narrow, never add or widen).
 */
export type Narrow<T, Overrides extends { [K in keyof Overrides]: K extends keyof T ? T[K] : never }> = Show<
  Omit<T, keyof Overrides> & Overrides
>;

/**
 * Paths always written although the schema does not require them: mongoose's `required` would refuse an empty
 * string and would change what a save of an older document accepts, so the guarantee is stated in the type only.
 */
export type Present<T, K extends keyof T> = Show<Omit<T, K> & { [P in K]-?: Exclude<T[P], null | undefined> }>;

/**
 * Paths with a default that a later update `$unset`s: mongoose infers a path with a default as always present,
 * which a document read after the unset is not.
 */
export type Unsettable<T, K extends keyof T> = Show<Omit<T, K> & { [P in K]?: T[P] }>;

/** The timestamps mongoose adds with `{ timestamps: true }`. */
export interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
}

/** A stored document: the paths of its definition (narrowed where needed) and its `_id` (an ObjectId unless the definition names it). */
export type DocOf<
  Definition,
  Overrides extends { [K in keyof Overrides]: K extends keyof RawDoc<Definition> ? RawDoc<Definition>[K] : never } = {},
> = Show<Narrow<RawDoc<Definition>, Overrides> & ('_id' extends keyof RawDoc<Definition> ? unknown : { _id: Types.ObjectId })>;
