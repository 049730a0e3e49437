import { parseJsonObject } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import { isSubscriptionStatus, SUBSCRIPTION_STATUSES } from './subscription-check.js';
import type { Subscription } from './types.js';

/**
 * How keygate's shared stores write a subscription as text: its identity as a JSON array of
 * strings (unambiguous whatever the strings hold), its state as `{"tier":..,"status":..}`.
 */
export const encodeSubscriptionState = (s: Subscription): string => JSON.stringify({ tier: s.tier, status: s.status });

/** Fail closed: a value keygate cannot read must be taken for neither "subscribed" nor "not subscribed". */
export function corruptSubscription(): KeygateError {
  return new KeygateError('ERR_STORE_UNAVAILABLE', 'a stored subscription is not in keygate\'s format');
}

/** A JSON array of exactly `length` strings; `undefined` for anything else. */
export function parseStringArray(text: string, length: number): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== length || !parsed.every((part) => typeof part === 'string')) return undefined;
  return parsed as string[];
}

const same = (text: string): string => text;

/**
 * The subscription stored as `state` (see encodeSubscriptionState); throws `corruptSubscription()`
 * when unreadable. `intern` may swap the context, version and tier for a copy already held.
 */
export function decodeSubscription(
  applicationUuid: string,
  apiContext: string,
  apiVersion: string,
  state: string,
  intern: (text: string) => string = same,
): Subscription {
  const entry = parseJsonObject(state, 2);
  if (entry === undefined) throw corruptSubscription();
  const { tier, status } = entry;
  if ((tier !== undefined && typeof tier !== 'string') || (status !== undefined && !isSubscriptionStatus(status))) throw corruptSubscription();
  return Object.freeze({
    applicationUuid,
    apiContext: intern(apiContext),
    apiVersion: intern(apiVersion),
    ...(tier === undefined ? {} : { tier: intern(tier) }),
    // One of the few constants, not the copy JSON.parse made.
    ...(status === undefined ? {} : { status: SUBSCRIPTION_STATUSES.find((known) => known === status)! }),
  });
}
