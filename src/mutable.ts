/**
 * T with its read-only properties writable, for the one object that implements T and keeps
 * them up to date. A per-request object shows its state as data properties set where the
 * state changes, or is a class, never an object literal with a getter: in Node 20's V8 such
 * a literal keeps its closure, and with it everything the request touched, through every
 * young-generation collection until the next full one (bench/NOTES.md, the eighth round).
 * test/architecture/no-literal-getters.test.ts keeps them out of src/.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
