import { KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { decodeCondition, decodeConditionAt, encodeCondition } from '../throttle/blocking-codec.js';
import { blockingIndex, checkCondition, conditionId, type BlockingIndex } from '../throttle/blocking-index.js';
import type { BlockingCondition, BlockingConditions, BlockingConditionsEditor, BlockingSubject } from '../throttle/blocking-types.js';
import type { RedisClientLike } from './client.js';
import { FOLLOWED_OPTIONS, followHash, type RedisFollowedOptions } from './followed-hash.js';

/** Options of `createRedisBlockingConditions`. */
export type RedisBlockingConditionsOptions = RedisFollowedOptions;

/** WSO2's blocking conditions shared by a fleet through Redis, matched in memory (see `createRedisBlockingConditions`). */
export interface RedisBlockingConditions extends BlockingConditions, BlockingConditionsEditor {
  /** At once, from memory; throws ERR_STORE_UNAVAILABLE before the first load, while stale, or when an entry is not a condition. */
  match(subject: BlockingSubject): BlockingCondition | undefined;
  /** Adds (or replaces) a condition in Redis; resolves once it is in Redis, to whether it is new. This process applies it at once (unless reading it back fails: then within `refresh` ms, as the others). */
  add(condition: BlockingCondition): Promise<boolean>;
  /** Removes a condition from Redis; resolves to whether there was one. */
  remove(condition: Pick<BlockingCondition, 'type' | 'value'>): Promise<boolean>;
  /** Every condition in Redis (one round trip). */
  list(): Promise<BlockingCondition[]>;
  /** Resolves once the conditions are loaded; `match` answers 503 until then. */
  readonly ready: Promise<void>;
  /** Stops following Redis. The connection is yours: keygate never quits it. */
  close(): void;
}

/**
 * Throttle option `blocking`, shared by every gateway: the conditions live in the Redis hash
 * `{<prefix>blocking}` (`TYPE value` → the condition as JSON) and each gateway keeps them in memory
 * (a map look-up per kind, one search for the addresses), looking at their version every `refresh` ms.
 * `add` and `remove`, from any process, apply on every gateway within `refresh` ms. Fails closed:
 * a gateway that could not confirm it holds the current conditions for `maxStaleness` ms, or that read
 * an entry that is not a condition, answers 503 until it has or the entry is rewritten.
 */
export function createRedisBlockingConditions(client: RedisClientLike, options: RedisBlockingConditionsOptions = {}): RedisBlockingConditions {
  checkOptionNames(options, FOLLOWED_OPTIONS satisfies OptionNames<RedisBlockingConditionsOptions>, 'createRedisBlockingConditions');
  const hash = followHash(client, 'blocking', options, (entries): BlockingIndex | KeygateError => {
    const index = blockingIndex();
    for (const [id, value] of entries) {
      const condition = decodeConditionAt(id, value);
      // One condition that cannot be read could be the one that blocks: none is trusted then.
      if (condition === undefined) return new KeygateError('ERR_STORE_UNAVAILABLE', "a blocking condition in Redis is not in keygate's format");
      index.set(id, condition);
    }
    return index;
  });
  return {
    match(subject) {
      const index = hash.current();
      if (index instanceof KeygateError) throw index;
      return index.match(subject);
    },
    async add(condition) {
      const checked = checkCondition(condition);
      // Redis says whether the condition is new: this process's copy may be a refresh behind, or stale.
      return (await hash.write(conditionId(checked), encodeCondition(checked))) === 'added';
    },
    remove: async (condition) => (await hash.write(conditionId(condition), undefined)) !== 'unchanged',
    async list() {
      return (await hash.entries()).map(([, value]) => decodeCondition(value)).filter((c): c is BlockingCondition => c !== undefined);
    },
    ready: hash.ready,
    close: () => hash.close(),
  };
}
