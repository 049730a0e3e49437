/**
 * The object without its `undefined` members, typed so that it fits options declared with
 * `exactOptionalPropertyTypes` (an optional flag that was not given must be absent, not undefined).
 */
export function defined<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
