import { isKeygateError, KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { checkLeaseOptions, createLeasedLimiter, type Limit, type LeaseGrant } from '../throttle/leased-limiter.js';
import { checkLimit } from '../throttle/memory-limiter.js';
import type { RateLimiter } from '../throttle/types.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyArray, replyNumber } from './reply.js';
import { redisScript } from './script.js';

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions extends RedisCommonOptions {
  /**
   * When Redis fails or times out: `false` (default) rejects with ERR_STORE_UNAVAILABLE, which
   * the validator answers with 503; `true` lets the call through unthrottled.
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
 * GCRA (generic cell rate algorithm), atomically in Redis, timed by Redis's clock so that every
 * gateway sees one clock. Allows a burst of `requests`, then one call each
 * `periodSeconds / requests`: a client that waited a full period always has its full quota, and
 * no client ever gets more than `requests` in a burst, whichever gateway serves it. The state is
 * one number per key (the theoretical arrival time, TAT), expiring when the key is idle.
 * Takes up to `want` calls at once (1 in exact mode) after giving back `refund` unspent ones.
 * ARGV: requests, period in µs, want, refund. Replies {granted, remaining, retry after in ms}.
 */
const GCRA_SCRIPT = `local requests = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local interval = period / requests
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = (tonumber(redis.call('GET', KEYS[1]) or '') or now) - tonumber(ARGV[4]) * interval
if tat < now then tat = now end
local granted = math.min(want, math.floor((now + period - tat) / interval + 0.000001))
if granted >= 1 then tat = tat + granted * interval end
if granted >= 1 or tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[1], string.format('%.17g', tat), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
end
if granted < 1 then return {0, 0, math.ceil((tat + interval - now - period) / 1000)} end
return {granted, math.floor((period - (tat - now)) / interval + 0.000001), 0}`;

/**
 * Layout: `<prefix>rate:<key>` = the key's theoretical arrival time in µs. Exact by default;
 * with `lease`, calls are taken in leases and spent in process (see RedisRateLimiterOptions).
 */
export function createRedisRateLimiter(client: RedisClientLike, options: RedisRateLimiterOptions = {}): RateLimiter {
  const names = { prefix: true, timeout: true, failOpen: true, onError: true, lease: true, leaseTtl: true } satisfies OptionNames<RedisRateLimiterOptions>;
  checkOptionNames(options, names, 'createRedisRateLimiter');
  const prefix = optionalPrefix(options.prefix);
  const failOpen = options.failOpen ?? false;
  const command = redisCommand(client, options);
  const gcra = redisScript(command, GCRA_SCRIPT);

  const take = async (key: string, limit: Limit, want: number, refund: number): Promise<LeaseGrant> => {
    const args = [String(Math.floor(limit.requests)), String(Math.round(limit.periodSeconds * 1e6)), String(want), String(refund)];
    const reply = replyArray(await gcra([`${prefix}rate:${key}`], args), 'the rate limiter');
    return {
      granted: replyNumber(reply[0], 'the rate limiter'),
      remaining: replyNumber(reply[1], 'the rate limiter'),
      retryAfterMs: replyNumber(reply[2], 'the rate limiter'),
    };
  };
  const limiter: RateLimiter =
    options.lease === undefined
      ? {
          async consume(key, limit) {
            const { granted, remaining, retryAfterMs } = await take(key, limit, 1, 0);
            return { allowed: granted > 0, remaining, retryAfter: granted > 0 ? 0 : Math.max(1, Math.ceil(retryAfterMs / 1000)) };
          },
        }
      : leased(take, options);

  return {
    async consume(key, limit) {
      checkLimit(limit);
      try {
        return await limiter.consume(key, limit);
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

function leased(take: (key: string, limit: Limit, want: number, refund: number) => Promise<LeaseGrant>, options: RedisRateLimiterOptions): RateLimiter {
  const leaseTtl = options.leaseTtl ?? 1000;
  checkLeaseOptions(options.lease, leaseTtl);
  return createLeasedLimiter(take, { lease: options.lease!, leaseTtl, now: Date.now });
}
