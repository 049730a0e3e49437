import type { ApplicationInfo } from '../applications/types.js';
import type { ApiDefinition } from '../validate/types.js';

/** WSO2's kinds of blocking condition. */
export type BlockingConditionType = 'API' | 'APPLICATION' | 'USER' | 'IP' | 'IPRANGE';

/**
 * One of WSO2's blocking conditions: calls it matches are refused before any counting (403,
 * 900805, reason `blocking_condition`). `value` is, by `type`:
 * - `API`: an API's context, alone (every version: `/pizzashack`) or versioned (`/pizzashack/1.0.0`);
 * - `APPLICATION`: the application's uuid, or WSO2's `owner:name`;
 * - `USER`: the end user, the key's `sub`;
 * - `IP`: one client address (`203.0.113.7`, `2001:db8::1`); `IPRANGE`: a CIDR range (`10.0.0.0/8`),
 *   both matched as the restrictions plugin matches (an IPv4-mapped IPv6 address is its IPv4 address).
 */
export interface BlockingCondition {
  readonly type: BlockingConditionType;
  readonly value: string;
  /** `IP` and `IPRANGE` only: block every address **but** this one or range (WSO2's "invert"), an unknown one too. */
  readonly invert?: boolean | undefined;
}

/** What blocking conditions are matched against: the call's API, application, user and address. */
export interface BlockingSubject {
  readonly api: ApiDefinition;
  /** Absent for calls to resources that need no key. */
  readonly application: ApplicationInfo | undefined;
  /** The key's `sub`, when it has one. */
  readonly user: string | undefined;
  /** The client address the validator settled on, when known. */
  readonly clientIp: string | undefined;
}

/**
 * Throttle option `blocking`: the condition that blocks a call, or `undefined`. May answer at once
 * (in memory) or with a promise; throwing (or rejecting) makes the call fail closed with 503.
 * `createBlockingConditions` (keygate/gateway) keeps them in memory, `createRedisBlockingConditions`
 * (keygate/redis) shares them through Redis.
 */
export interface BlockingConditions {
  match(subject: BlockingSubject): BlockingCondition | undefined | Promise<BlockingCondition | undefined>;
}

/** Blocking conditions changed at run time: each change applies from the next call on. */
export interface BlockingConditionsEditor {
  /** Adds a condition, or replaces the one of the same type and value; resolves to whether it is new. */
  add(condition: BlockingCondition): boolean | Promise<boolean>;
  /** Removes the condition of this type and value; resolves to whether there was one. */
  remove(condition: Pick<BlockingCondition, 'type' | 'value'>): boolean | Promise<boolean>;
}
