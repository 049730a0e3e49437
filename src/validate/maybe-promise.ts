/**
 * Stores and key stores may answer at once or with a promise. The validator awaits only real
 * promises: awaiting a plain value still costs a microtask hop, and a cached call with in-memory
 * stores should cost none.
 */

/** True for promises and other thenables: what an answer given later looks like. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
