import { KeygateError } from '../errors.js';
import { kind, refusal, withCause } from '../validate/failures.js';
import { isPromiseLike } from '../validate/maybe-promise.js';
import type { AcceptedCall, UnauthenticatedCall } from '../validate/plugins.js';
import { rethrowAsStoreFailure, storeFailure } from '../validate/store-failure.js';
import type { ValidationFailure } from '../validate/types.js';
import { blockingIndex, checkCondition, conditionId } from './blocking-index.js';
import type { BlockingCondition, BlockingConditions, BlockingConditionsEditor, BlockingSubject } from './blocking-types.js';

/** Blocking conditions held in memory (see `createBlockingConditions`). */
export interface MemoryBlockingConditions extends BlockingConditions, BlockingConditionsEditor {
  /** At once, from memory. */
  match(subject: BlockingSubject): BlockingCondition | undefined;
  add(condition: BlockingCondition): boolean;
  remove(condition: Pick<BlockingCondition, 'type' | 'value'>): boolean;
  /** Every condition, in the order added. */
  list(): BlockingCondition[];
  readonly size: number;
}

/**
 * WSO2's blocking conditions, in memory, for throttle option `blocking`: by API, application, user,
 * client address or address range. `add` and `remove` take effect on the next call. Conditions are
 * checked as they are added: a bad one throws `ERR_INVALID_OPTION` (`ERR_INVALID_IP` /
 * `ERR_INVALID_CIDR` for a bad address).
 */
export function createBlockingConditions(conditions: Iterable<BlockingCondition> = []): MemoryBlockingConditions {
  const index = blockingIndex();
  const store: MemoryBlockingConditions = {
    match: (subject) => index.match(subject),
    add(condition) {
      const checked = checkCondition(condition);
      const id = conditionId(checked);
      const added = index.get(id) === undefined;
      index.set(id, checked);
      return added;
    },
    remove: (condition) => index.delete(conditionId(condition)),
    list: () => [...index.values()],
    get size() {
      return index.size;
    },
  };
  for (const condition of conditions) store.add(condition);
  return store;
}

export function checkBlockingConditions(blocking: unknown): BlockingConditions | undefined {
  if (blocking !== undefined && typeof (blocking as Partial<BlockingConditions> | null)?.match !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'blocking must be BlockingConditions (see createBlockingConditions)');
  }
  return blocking as BlockingConditions | undefined;
}

/** WSO2's answer to a blocked call; the condition stays on it as `cause`, for operators and the audit trail. */
const BLOCKED = kind(403, 900805, 'Message blocked');
const blocked = (condition: BlockingCondition | undefined): ValidationFailure | undefined =>
  condition === undefined ? undefined : withCause(refusal(BLOCKED, 'blocking_condition', 'You have been blocked from accessing the resource'), condition);

/** The refusal of a call a condition blocks, or `undefined`; a store's failure is a store failure (503). */
export function checkBlocked(conditions: BlockingConditions, call: AcceptedCall | UnauthenticatedCall): ValidationFailure | undefined | Promise<ValidationFailure | undefined> {
  const subject: BlockingSubject =
    call.authenticated === false
      ? { api: call.api, application: undefined, user: undefined, clientIp: call.clientIp }
      : { api: call.api, application: call.application ?? call.claims.application, user: call.claims.sub, clientIp: call.clientIp };
  let found: ReturnType<BlockingConditions['match']>;
  try {
    found = conditions.match(subject);
  } catch (error) {
    throw storeFailure(error);
  }
  return isPromiseLike(found) ? Promise.resolve(found).then(blocked, rethrowAsStoreFailure) : blocked(found);
}
