import { KeygateError } from '../errors.js';
import { durationMs } from '../options/durations.js';
import { createFreshness } from '../replica/freshness.js';
import { redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { hashTagged } from './replica-keys.js';
import { replyArray, replyNumber, replyPairs, replyString } from './reply.js';
import { redisScript } from './script.js';

/** Options of the Redis stores kept in memory and followed (`createRedisPolicyStore`, `createRedisBlockingConditions`). */
export interface RedisFollowedOptions extends RedisCommonOptions {
  /** Ms between two looks at the store's version in Redis (default 1000): how soon a change made elsewhere applies. */
  readonly refresh?: number | undefined;
  /**
   * Ms the store keeps answering without having confirmed it holds Redis's version (default 5000,
   * or twice `refresh` when that is longer; must be above `refresh`). Past it, from an outage, every answer is ERR_STORE_UNAVAILABLE (503) until it has.
   */
  readonly maxStaleness?: number | undefined;
  /** Told of each failed look (for logs and alerts); the store retries by itself. */
  readonly onError?: (error: unknown) => void;
}

export const FOLLOWED_OPTIONS = { prefix: true, timeout: true, refresh: true, maxStaleness: true, onError: true } as const;

// Its entries and its version, read together.
const LOAD_SCRIPT = `return {redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1])}`;
/*
 * A change and a new version, at once. ARGV: the new version, put|remove, field, value. Replies 0
 * when nothing changed, 1 for a field replaced or removed, 2 for a field added. A version is a
 * random token, not a counter: after a flush, or a failover that lost writes, a counter can come
 * back to a number a gateway holds with other contents, and the gateway would keep its copy for
 * good; a token equal to the one it holds is the same write.
 */
const WRITE_SCRIPT = `local changed
if ARGV[2] == 'remove' then changed = redis.call('HDEL', KEYS[1], ARGV[3])
else
  local old = redis.call('HGET', KEYS[1], ARGV[3])
  if old == ARGV[4] then changed = 0 else
    redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
    if old then changed = 1 else changed = 2 end
  end
end
if changed > 0 then redis.call('SET', KEYS[2], ARGV[1]) end
return changed`;

/** 128 random bits in hex: a version no other write picks. */
function newVersion(): string {
  let hex = '';
  for (const word of globalThis.crypto.getRandomValues(new Uint32Array(4))) hex += word.toString(16).padStart(8, '0');
  return hex;
}

export type WriteOutcome = 'unchanged' | 'changed' | 'added';
const OUTCOMES: readonly WriteOutcome[] = ['unchanged', 'changed', 'added'];

/** A Redis hash kept in memory, in the form `load` builds from its entries. */
export interface FollowedHash<T> {
  /** What was last loaded; throws ERR_STORE_UNAVAILABLE before the first load and once stale. */
  current(): T;
  /**
   * Writes one field (`undefined` removes it) and loads again, so this process sees it at once;
   * resolves to what Redis did: `unchanged`, `changed` (a value replaced or removed) or `added`.
   */
  write(field: string, value: string | undefined): Promise<WriteOutcome>;
  /** The entries in Redis now (one round trip). */
  entries(): Promise<Array<[string, string]>>;
  /** Resolves once the first load is done (it retries until then). */
  readonly ready: Promise<void>;
  close(): void;
}

/**
 * Keeps the hash `{<prefix><name>}` in memory: loaded whole with its version
 * (`{<prefix><name>}:version`, a new random token with every write, in the same script), then
 * the version looked at every `refresh` ms and the hash loaded again when it moved. Small tables that change now and then
 * (policies, blocking conditions): a look is one GET, the request path asks Redis nothing.
 */
export function followHash<T>(client: RedisClientLike, name: string, options: RedisFollowedOptions, load: (entries: Array<[string, string]>) => T): FollowedHash<T> {
  const base = hashTagged(options.prefix, name);
  const keys = [base, `${base}:version`];
  const refresh = durationMs(options.refresh, 'refresh', 1000);
  const maxStaleness = durationMs(options.maxStaleness, 'maxStaleness', Math.max(5000, 2 * refresh), Number.MAX_SAFE_INTEGER);
  if (refresh >= maxStaleness) throw new KeygateError('ERR_INVALID_OPTION', 'refresh must be below maxStaleness');
  const command = redisCommand(client, options);
  const loadScript = redisScript(command, LOAD_SCRIPT);
  const writeScript = redisScript(command, WRITE_SCRIPT);
  const freshness = createFreshness(JSON.stringify(base), maxStaleness, Date.now);
  let loaded: { readonly version: string; readonly value: T } | undefined;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const reload = async (): Promise<void> => {
    const askedAt = Date.now();
    const [version, pairs] = replyArray(await loadScript(keys, []), name);
    loaded = { version: replyString(version, name) ?? '0', value: load(replyPairs(pairs, name)) };
    freshness.confirm(askedAt);
    markReady();
  };
  const look = async (): Promise<void> => {
    const askedAt = Date.now();
    const version = replyString(await command(['GET', keys[1]!]), name) ?? '0';
    if (loaded !== undefined && version === loaded.version) freshness.confirm(askedAt);
    else await reload();
  };
  const schedule = (ms: number): void => {
    if (!closed) timer = setTimeout(() => void tick(), ms);
  };
  const tick = async (): Promise<void> => {
    try {
      await look();
      schedule(refresh);
    } catch (error) {
      freshness.fail(error);
      try {
        options.onError?.(error);
      } catch {
        // A failing hook changes nothing.
      }
      schedule(Math.min(refresh, 250));
    }
  };
  void tick();

  return {
    current() {
      freshness.check();
      return loaded!.value;
    },
    async write(field, value) {
      const args = value === undefined ? [newVersion(), 'remove', field] : [newVersion(), 'put', field, value];
      const outcome = OUTCOMES[replyNumber(await writeScript(keys, args), name)];
      if (outcome === undefined) throw new KeygateError('ERR_STORE_UNAVAILABLE', `Redis returned an unexpected reply for ${name}`);
      // It is in Redis either way: should this load fail, the next look brings it.
      await reload().catch(() => undefined);
      return outcome;
    },
    entries: async () => replyPairs(replyArray(await loadScript(keys, []), name)[1], name),
    ready,
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
