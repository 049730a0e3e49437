import { isKeygateError, KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { checkLeaseOptions, createLeasedLimiter, type LeaseGrant, type LeaseRequest } from '../throttle/leased-limiter.js';
import { checkLimit, wholeSeconds } from '../throttle/memory-limiter.js';
import { isPromiseLike } from '../validate/maybe-promise.js';
import type { RateCounter, RateLimitDecision, RateLimiter } from '../throttle/types.js';
import { redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { hashTagged } from './replica-keys.js';
import { replyArray, replyNumber } from './reply.js';
import { redisScript } from './script.js';

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions extends RedisCommonOptions {
  /**
   * When Redis fails or times out: `false` (default) rejects with ERR_STORE_UNAVAILABLE, which
   * the validator answers with 503; `true` lets the call through unthrottled (decisions marked
   * `uncounted`: the result reports no level and adapters send no RateLimit header).
   */
  readonly failOpen?: boolean | undefined;
  /** Told of every Redis failure, whichever way `failOpen` goes (for logs and metrics). */
  readonly onError?: ((error: KeygateError) => void) | undefined;
  /**
   * Leased mode: take up to this many calls of a counter from Redis at once and spend them in
   * process (a lease is also at most a tenth of the tier's `requests`). One round trip per lease
   * instead of per call; across the fleet a tier allows at most processes × (lease − 1) calls more
   * than its exact quota. Without it (default) every call is counted in Redis, exactly.
   */
  readonly lease?: number | undefined;
  /** Leased mode: ms a lease (or a refusal) is used before Redis is asked again (default 1000). */
  readonly leaseTtl?: number | undefined;
}

/**
 * GCRA (generic cell rate algorithm) on every counter of a call at once, atomically in Redis, timed
 * by Redis's clock so that every gateway sees one clock. Each counter allows a burst of `requests`,
 * then one call each `periodSeconds / requests`; its state is `<TAT>:<interval>` (the theoretical
 * arrival time and the interval it was counted at, in µs: a counter whose limit changed keeps its
 * calls as calls, as the memory limiter does), expiring when the counter is idle. Takes up to `want` calls of each (1 in
 * exact mode) after giving back `refund` unspent ones. With ARGV[1] = '1' (exact mode) the call is
 * all or nothing: when a counter that is not soft has no room, no counter is written.
 * ARGV: all-or-nothing, then per key: requests, period in µs, want, refund, soft.
 * Replies per key: granted, remaining, retry after in ms, ms until the whole quota is back.
 */
const GCRA_SCRIPT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tats, granted, refused = {}, {}, false
for i = 1, #KEYS do
  local a = (i - 1) * 5 + 1
  local interval = tonumber(ARGV[a + 2]) / tonumber(ARGV[a + 1])
  local tat, was = now, interval
  local stored = redis.call('GET', KEYS[i])
  if stored then
    local at, by = string.match(stored, '^([^:]+):(.+)$')
    tat, was = tonumber(at or stored) or now, tonumber(by) or interval
  end
  if tat > now and was ~= interval then tat = now + (tat - now) / was * interval end
  tat = tat - tonumber(ARGV[a + 4]) * interval
  if tat < now then tat = now end
  local g = math.min(tonumber(ARGV[a + 3]), math.floor((now + tonumber(ARGV[a + 2]) - tat) / interval + 0.000001))
  if g < 1 then
    g = 0
    if ARGV[a + 5] ~= '1' then refused = true end
  end
  tats[i], granted[i] = tat, g
end
local write = not (refused and ARGV[1] == '1')
local reply = {}
for i = 1, #KEYS do
  local a = (i - 1) * 5 + 1
  local period = tonumber(ARGV[a + 2])
  local interval = period / tonumber(ARGV[a + 1])
  local tat, g = tats[i], granted[i]
  if g >= 1 then tat = tat + g * interval end
  if write and (g >= 1 or tonumber(ARGV[a + 4]) > 0) then
    redis.call('SET', KEYS[i], string.format('%.17g:%.17g', tat, interval), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
  end
  local n = #reply
  if g >= 1 then
    reply[n + 1], reply[n + 2], reply[n + 3] = g, math.floor((period - (tat - now)) / interval + 0.000001), 0
  else
    reply[n + 1], reply[n + 2], reply[n + 3] = 0, 0, math.ceil((tat + interval - now - period) / 1000)
  end
  reply[n + 4] = math.ceil((tat - now) / 1000)
end
return reply`;

const WHAT = 'the rate limiter';
/** What `failOpen` answers while Redis cannot be reached. */
const UNCOUNTED: RateLimitDecision = Object.freeze({ allowed: true, remaining: 0, retryAfter: 0, resetAfter: 0, uncounted: true });

/**
 * Layout: `{<prefix>rate}:<key>` = the counter's TAT and interval in µs (`<tat>:<interval>`). Every counter
 * carries the hash tag `{<prefix>rate}`: on Redis Cluster they share one slot, so that one script
 * decides all the levels of a call (the counters live on one master). Exact by default; with
 * `lease`, calls are taken in leases and spent in process (see RedisRateLimiterOptions).
 */
export function createRedisRateLimiter(client: RedisClientLike, options: RedisRateLimiterOptions = {}): RateLimiter {
  const names = { prefix: true, timeout: true, failOpen: true, onError: true, lease: true, leaseTtl: true } satisfies OptionNames<RedisRateLimiterOptions>;
  checkOptionNames(options, names, 'createRedisRateLimiter');
  const base = `${hashTagged(options.prefix, 'rate')}:`;
  const failOpen = options.failOpen ?? false;
  const gcra = redisScript(redisCommand(client, options), GCRA_SCRIPT);

  const take = async (requests: readonly LeaseRequest[], allOrNothing: boolean): Promise<LeaseGrant[]> => {
    const args = [allOrNothing ? '1' : '0'];
    for (const { limit, want, refund } of requests) {
      const soft = (limit as Partial<RateCounter>).soft === true ? '1' : '0';
      args.push(String(Math.floor(limit.requests)), String(Math.round(limit.periodSeconds * 1e6)), String(want), String(refund), soft);
    }
    const reply = replyArray(await gcra(requests.map((r) => base + r.key), args), WHAT);
    if (reply.length !== requests.length * 4) throw new KeygateError('ERR_STORE_UNAVAILABLE', `Redis returned an unexpected reply for ${WHAT}`);
    return requests.map((_, i) => ({
      granted: replyNumber(reply[i * 4], WHAT),
      remaining: replyNumber(reply[i * 4 + 1], WHAT),
      retryAfterMs: replyNumber(reply[i * 4 + 2], WHAT),
      resetAfterMs: replyNumber(reply[i * 4 + 3], WHAT),
    }));
  };

  const counting: Pick<RateLimiter, 'consumeAll'> =
    options.lease === undefined
      ? {
          async consumeAll(counters) {
            const grants = await take(counters.map((limit) => ({ key: limit.key, limit, want: 1, refund: 0 })), true);
            return grants.map(({ granted, remaining, retryAfterMs, resetAfterMs }): RateLimitDecision => ({
              allowed: granted > 0,
              remaining,
              retryAfter: granted > 0 ? 0 : Math.max(1, wholeSeconds(retryAfterMs)),
              resetAfter: wholeSeconds(resetAfterMs),
            }));
          },
        }
      : leased((requests) => take(requests, false), options);

  /** A Redis failure: told to `onError`, then failed open (uncounted) or thrown again. */
  const failed = (error: unknown, counters: readonly RateCounter[]): readonly RateLimitDecision[] => {
    if (!isKeygateError(error) || error.code !== 'ERR_STORE_UNAVAILABLE') throw error;
    try {
      options.onError?.(error);
    } catch {
      // A failing hook must not change the decision.
    }
    if (failOpen) return counters.map(() => UNCOUNTED);
    throw error;
  };
  // Leased, most calls are answered from the leases at once: no promise for them.
  const consumeAll = (counters: readonly RateCounter[]): readonly RateLimitDecision[] | Promise<readonly RateLimitDecision[]> => {
    for (const counter of counters) checkLimit(counter);
    let decisions: readonly RateLimitDecision[] | Promise<readonly RateLimitDecision[]>;
    try {
      decisions = counting.consumeAll(counters);
    } catch (error) {
      return failed(error, counters);
    }
    return isPromiseLike(decisions) ? Promise.resolve(decisions).then(undefined, (error: unknown) => failed(error, counters)) : decisions;
  };
  return {
    consumeAll,
    consume: async (key, limit) => (await consumeAll([{ key, requests: limit.requests, periodSeconds: limit.periodSeconds }]))[0]!,
  };
}

function leased(take: (requests: readonly LeaseRequest[]) => Promise<LeaseGrant[]>, options: RedisRateLimiterOptions): RateLimiter {
  const leaseTtl = options.leaseTtl ?? 1000;
  checkLeaseOptions(options.lease, leaseTtl);
  return createLeasedLimiter(take, { lease: options.lease!, leaseTtl, now: Date.now });
}
