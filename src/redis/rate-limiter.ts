import { isKeygateError, KeygateError } from '../errors.js';
import { checkLimit } from '../throttle/memory-limiter.js';
import type { RateLimitDecision, RateLimiter } from '../throttle/types.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyArray, replyNumber } from './reply.js';
import { redisScript } from './script.js';

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions extends RedisCommonOptions {
  /**
   * When Redis fails or times out: `false` (default) rejects with ERR_STORE_UNAVAILABLE, which
   * the validator answers with 503; `true` lets the call through unthrottled.
   */
  readonly failOpen?: boolean;
  /** Told of every Redis failure, whichever way `failOpen` goes (for logs and metrics). */
  readonly onError?: (error: KeygateError) => void;
}

/**
 * GCRA (generic cell rate algorithm), atomically in Redis, timed by Redis's clock so that every
 * gateway sees one clock. Allows a burst of `requests`, then one call each
 * `periodSeconds / requests`: a client that waited a full period always has its full quota, and
 * no client ever gets more than `requests` in a burst, whichever gateway serves it. The state is
 * one number per key (the theoretical arrival time), expiring when the key is idle.
 * ARGV: requests, period in µs. Replies {allowed, remaining, retry after in ms}.
 */
const GCRA_SCRIPT = `local requests = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / requests
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '') or now
if tat < now then tat = now end
local ahead = tat + interval - now
if ahead > period + 1 then
  return {0, 0, math.ceil((ahead - period) / 1000)}
end
redis.call('SET', KEYS[1], string.format('%.17g', tat + interval), 'PX', math.max(1, math.ceil(ahead / 1000)))
return {1, math.floor((period - ahead) / interval + 0.000001), 0}`;

/** Layout: `<prefix>rate:<key>` = the key's theoretical arrival time in µs. */
export function createRedisRateLimiter(client: RedisClientLike, options: RedisRateLimiterOptions = {}): RateLimiter {
  const prefix = optionalPrefix(options.prefix);
  const failOpen = options.failOpen ?? false;
  const command = redisCommand(client, options);
  const gcra = redisScript(command, GCRA_SCRIPT);

  const consume = async (key: string, limit: { readonly requests: number; readonly periodSeconds: number }): Promise<RateLimitDecision> => {
    const reply = replyArray(await gcra([`${prefix}rate:${key}`], [String(Math.floor(limit.requests)), String(Math.round(limit.periodSeconds * 1e6))]), 'the rate limiter');
    const allowed = replyNumber(reply[0], 'the rate limiter') === 1;
    const remaining = replyNumber(reply[1], 'the rate limiter');
    const retryAfterMs = replyNumber(reply[2], 'the rate limiter');
    return { allowed, remaining, retryAfter: allowed ? 0 : Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  };

  return {
    async consume(key, limit) {
      checkLimit(limit);
      try {
        return await consume(key, limit);
      } catch (error) {
        if (!isKeygateError(error) || error.code !== 'ERR_STORE_UNAVAILABLE') throw error;
        try {
          options.onError?.(error);
        } catch {
          // A failing hook must not change the decision.
        }
        if (failOpen) return { allowed: true, remaining: 0, retryAfter: 0 };
        throw error;
      }
    },
  };
}
