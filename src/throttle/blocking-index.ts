import { trimSlash, versionedContext } from '../apis/context.js';
import { KeygateError } from '../errors.js';
import { checkIpEntry, compileIpAllowList, type IpAllowList } from '../restrict/allow-list.js';
import type { BlockingCondition, BlockingConditionType, BlockingSubject } from './blocking-types.js';

const TYPES: readonly BlockingConditionType[] = ['API', 'APPLICATION', 'USER', 'IP', 'IPRANGE'];
const MAX_VALUE_LENGTH = 1024;

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', `blocking condition: ${message}`);
};

/** A condition's id: its type and value (an `invert` flag is an attribute of it). */
export const conditionId = (c: Pick<BlockingCondition, 'type' | 'value'>): string => `${c.type} ${c.value}`;

/** Validates a condition and returns a frozen copy (`invert` kept only when `true`). */
export function checkCondition(condition: unknown): BlockingCondition {
  if (typeof condition !== 'object' || condition === null) return invalid('must be { type, value, invert? }');
  const { type, value, invert } = condition as Record<string, unknown>;
  if (!TYPES.includes(type as BlockingConditionType)) invalid(`type must be one of ${TYPES.join(', ')}`);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) invalid(`value must be a string of 1 to ${MAX_VALUE_LENGTH} characters`);
  const ip = type === 'IP' || type === 'IPRANGE';
  if (invert !== undefined && (typeof invert !== 'boolean' || !ip)) invalid('invert must be a boolean, for IP and IPRANGE conditions only');
  if (ip) {
    // The restrictions plugin's grammar: an address for IP, a CIDR range for IPRANGE.
    if ((type === 'IPRANGE') !== (value as string).includes('/')) invalid(`${String(type)} takes ${type === 'IP' ? 'one address' : 'a CIDR range such as 10.0.0.0/8'}`);
    checkIpEntry(value as string);
  }
  return Object.freeze({ type: type as BlockingConditionType, value: value as string, ...(invert === true ? { invert: true } : {}) });
}

/**
 * The key a by-value condition is looked up by: an API's context without a trailing slash, as the
 * validator compares contexts (`/pizzashack/` blocks `/pizzashack`); the condition's id keeps its value as given.
 */
const lookupKey = (c: BlockingCondition): string => (c.type === 'API' ? trimSlash(c.value) : c.value);

/** Conditions indexed for matching: a map look-up per kind, one binary search for all address conditions. */
export interface BlockingIndex {
  set(id: string, condition: BlockingCondition): void;
  delete(id: string): boolean;
  get(id: string): BlockingCondition | undefined;
  values(): IterableIterator<BlockingCondition>;
  readonly size: number;
  /** The first condition that blocks `subject`, checked in WSO2's order: API, application, user, address. */
  match(subject: BlockingSubject): BlockingCondition | undefined;
}

export function blockingIndex(): BlockingIndex {
  const all = new Map<string, BlockingCondition>();
  const byValue = { API: new Map<string, BlockingCondition>(), APPLICATION: new Map<string, BlockingCondition>(), USER: new Map<string, BlockingCondition>() };
  // Address conditions, compiled when first matched after a change.
  let addresses: { blocked: IpAllowList; plain: Array<[IpAllowList, BlockingCondition]>; inverted: Array<[IpAllowList, BlockingCondition]> } | undefined;
  let addressCount = 0;

  const compileAddresses = () => {
    const plain: Array<[IpAllowList, BlockingCondition]> = [];
    const inverted: Array<[IpAllowList, BlockingCondition]> = [];
    for (const c of all.values()) {
      if (c.type === 'IP' || c.type === 'IPRANGE') (c.invert === true ? inverted : plain).push([compileIpAllowList([c.value]), c]);
    }
    return { blocked: compileIpAllowList(plain.map(([, c]) => c.value)), plain, inverted };
  };

  const matchAddress = (ip: string | undefined): BlockingCondition | undefined => {
    addresses ??= compileAddresses();
    // Most calls come from no blocked address: one search answers them; only a hit looks for its condition.
    if (ip !== undefined && addresses.blocked.matches(ip)) {
      for (const [list, c] of addresses.plain) if (list.matches(ip)) return c;
    }
    // An inverted condition blocks every address but its own, an unknown one too (fail closed).
    for (const [list, c] of addresses.inverted) if (ip === undefined || !list.matches(ip)) return c;
    return undefined;
  };

  const remove = (id: string): boolean => {
    const old = all.get(id);
    if (old === undefined) return false;
    all.delete(id);
    if (old.type === 'IP' || old.type === 'IPRANGE') {
      addressCount -= 1;
      addresses = undefined;
    } else {
      const key = lookupKey(old);
      byValue[old.type].delete(key);
      // Another condition may share the key (`/pizzashack` and `/pizzashack/`): it blocks on.
      for (const c of all.values()) if (c.type === old.type && lookupKey(c) === key) byValue[c.type].set(key, c);
    }
    return true;
  };

  return {
    set(id, condition) {
      remove(id);
      all.set(id, condition);
      if (condition.type === 'IP' || condition.type === 'IPRANGE') {
        addressCount += 1;
        addresses = undefined;
      } else byValue[condition.type].set(lookupKey(condition), condition);
    },
    delete: remove,
    get: (id) => all.get(id),
    values: () => all.values(),
    get size() {
      return all.size;
    },
    match({ api, application, user, clientIp }) {
      const { API: apis, APPLICATION: apps, USER: users } = byValue;
      if (apis.size > 0) {
        const found = apis.get(trimSlash(api.context)) ?? apis.get(versionedContext(api.context, api.version));
        if (found !== undefined) return found;
      }
      if (apps.size > 0 && application !== undefined) {
        const { owner, name } = application;
        const found = apps.get(application.uuid) ?? (owner !== undefined && name !== undefined ? apps.get(`${owner}:${name}`) : undefined);
        if (found !== undefined) return found;
      }
      if (users.size > 0 && user !== undefined) {
        const found = users.get(user);
        if (found !== undefined) return found;
      }
      return addressCount > 0 ? matchAddress(clientIp) : undefined;
    },
  };
}
