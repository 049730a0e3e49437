/**
 * Node's `IncomingMessage` builds `headers` and `headersDistinct` lazily from `rawHeaders`, up to
 * a header count kept in a private symbol slot, and keeps each built view in a slot of its own.
 * Removing a header from `rawHeaders` must lower that count (else the getters read past the end
 * and throw) and clean a view built earlier. The slots are found once per request prototype; where
 * they cannot be (another runtime's request, a test double) callers fall back to building the views
 * before cutting `rawHeaders`, which costs more but is as safe.
 */
export interface HeaderSlots {
  readonly count: symbol;
  readonly distinct: symbol;
}

const byPrototype = new WeakMap<object, HeaderSlots | null>();

export function nodeHeaderSlots(req: object): HeaderSlots | undefined {
  const prototype = Object.getPrototypeOf(req) as object | null;
  if (prototype === null) return undefined;
  let slots = byPrototype.get(prototype);
  if (slots === undefined) {
    slots = findSlots(req);
    byPrototype.set(prototype, slots);
  }
  return slots ?? undefined;
}

function findSlots(req: object): HeaderSlots | null {
  try {
    const count = Object.getOwnPropertySymbols(req).find((s) => s.description === 'kHeadersCount');
    // The distinct view's slot exists only once built: run Node's getter on a blank object (its count
    // is undefined, so it reads no header) and see which slot it fills.
    let getter: (() => unknown) | undefined;
    for (let p = Object.getPrototypeOf(req) as object | null; p !== null && getter === undefined; p = Object.getPrototypeOf(p) as object | null) {
      getter = Object.getOwnPropertyDescriptor(p, 'headersDistinct')?.get;
    }
    if (count === undefined || getter === undefined) return null;
    const probe = {};
    getter.call(probe);
    const distinct = Object.getOwnPropertySymbols(probe).find((s) => s.description === 'kHeadersDistinct');
    return distinct === undefined ? null : { count, distinct };
  } catch {
    return null;
  }
}
