import { KeygateError } from '../errors.js';
import type { RateLimitInfo } from '../validate/types.js';

/**
 * Which rate-limit headers adapters send: `'ietf'` (default) the `RateLimit-Policy` and `RateLimit`
 * fields of draft-ietf-httpapi-ratelimit-headers, `'x-ratelimit'` the common `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` and `X-RateLimit-Reset`, `false` none (`Retry-After` is sent either way).
 */
export type RateLimitHeaderStyle = 'ietf' | 'x-ratelimit' | false;

export function checkRateLimitHeaderStyle(style: unknown, where: string): RateLimitHeaderStyle {
  if (style === undefined) return 'ietf';
  if (style !== 'ietf' && style !== 'x-ratelimit' && style !== false) {
    throw new KeygateError('ERR_INVALID_OPTION', `${where}: rateLimitHeaders must be "ietf", "x-ratelimit" or false`);
  }
  return style;
}

const count = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** A level's name as a header's quoted string may carry it (no quote, no escape). */
const LEVEL_NAME = /^[A-Za-z]+$/;

/**
 * The headers telling a client where it stands at one throttling level (the result's `rateLimit`:
 * the level with the fewest calls left; on a 429, the level that refused). IETF style:
 * `RateLimit-Policy: "subscription";q=5000;w=60` (the level, its quota and window) and
 * `RateLimit: "subscription";r=4999;t=1` (calls left, and the seconds until the whole quota is back;
 * on a 429 `r=0` and `t` equal to Retry-After). `X-RateLimit-Reset` is those seconds too.
 * `undefined` when there is nothing to say, or when the values are not what a header can carry.
 */
export function rateLimitHeaders(info: RateLimitInfo | undefined, style: RateLimitHeaderStyle): Record<string, string> | undefined {
  if (info === undefined || style === false) return undefined;
  const { level, limit, remaining, resetAfter, periodSeconds } = info;
  if (!count(limit) || !count(remaining) || !count(resetAfter) || !LEVEL_NAME.test(level)) return undefined;
  if (style === 'x-ratelimit') {
    return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAfter) };
  }
  // The window is whole seconds in the draft: a period that is not is left out (`w` is optional).
  const window = count(periodSeconds) && periodSeconds > 0 ? `;w=${periodSeconds}` : '';
  return { 'ratelimit-policy': `"${level}";q=${limit}${window}`, ratelimit: `"${level}";r=${remaining};t=${resetAfter}` };
}
