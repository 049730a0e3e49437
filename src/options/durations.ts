import { KeygateError } from '../errors.js';

/** setTimeout's longest delay, 2^31 - 1 ms (about 24.8 days): a longer one fires at once, every time. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * An option in milliseconds: a positive number up to `max` (`fallback` when undefined), else
 * ERR_INVALID_OPTION naming it. `max` is setTimeout's limit for what arms a timer or a deadline:
 * without it `refresh: 3e9` would poll in a busy loop and `timeout: 3e9` fail every command at once.
 * A bound that is only compared with the clock (`maxStaleness`) passes Number.MAX_SAFE_INTEGER.
 */
export function durationMs(value: unknown, name: string, fallback: number, max = MAX_TIMER_MS): number {
  const n = value ?? fallback;
  if (typeof n === 'number' && n > 0 && n <= max) return n;
  const limit = max === MAX_TIMER_MS ? `, at most ${MAX_TIMER_MS} (about 24.8 days)` : '';
  throw new KeygateError('ERR_INVALID_OPTION', `${name} must be a positive number of milliseconds${limit}`);
}
