import { KeygateError } from '../errors.js';
import { durationMs } from '../options/durations.js';

/** node-redis (v4+) shape: `client.sendCommand(['HGET', key, field])`. Any custom adapter can take this shape too. */
export interface SendCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** ioredis shape (also `Cluster`): `client.call('HGET', key, field)`. */
export interface CallClient {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * The only capability keygate needs from a Redis client: send one command, get its raw reply.
 * Both `redis` (node-redis v4+) and `ioredis` clients satisfy it as they are.
 */
export type RedisClientLike = SendCommandClient | CallClient;

/** Options shared by every Redis-backed keygate component. */
export interface RedisCommonOptions {
  /** Prefix for every key and the default channel (default `keygate:`). */
  readonly prefix?: string | undefined;
  /**
   * Milliseconds before a command counts as failed (default 1000). The client may still be
   * reconnecting or queueing offline: keygate stops waiting and fails closed instead.
   */
  readonly timeout?: number | undefined;
}

/** Sends a command, bounded by the timeout; every failure becomes ERR_STORE_UNAVAILABLE. */
export type RedisCommand = (args: readonly string[]) => Promise<unknown>;

export const DEFAULT_PREFIX = 'keygate:';
const DEFAULT_TIMEOUT_MS = 1000;

export function optionalPrefix(prefix: string | undefined): string {
  if (prefix === undefined) return DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw new KeygateError('ERR_INVALID_OPTION', 'prefix must be a string');
  return prefix;
}

function isCallClient(client: RedisClientLike): client is CallClient {
  // ioredis also has a sendCommand, but it takes a Command object: prefer call() when present.
  return typeof (client as Partial<CallClient>).call === 'function';
}

/** The command's name and nothing else: arguments may hold identifiers that have no place in logs. */
function unavailable(args: readonly string[], detail: string, cause?: unknown): KeygateError {
  return new KeygateError('ERR_STORE_UNAVAILABLE', `Redis ${args[0] ?? 'command'} failed: ${detail}`, { cause });
}

/** Wraps a client into one normalised, time-bounded `command(args)` function. */
export function redisCommand(client: RedisClientLike, options: RedisCommonOptions = {}): RedisCommand {
  if (client === null || typeof client !== 'object' ||
      (typeof (client as Partial<CallClient>).call !== 'function' && typeof (client as Partial<SendCommandClient>).sendCommand !== 'function')) {
    throw new KeygateError('ERR_INVALID_OPTION', 'the Redis client must have call() (ioredis) or sendCommand() (node-redis)');
  }
  const timeout = durationMs(options.timeout, 'timeout', DEFAULT_TIMEOUT_MS);
  const send = isCallClient(client)
    ? (args: readonly string[]) => client.call(args[0] ?? '', ...args.slice(1))
    : (args: readonly string[]) => client.sendCommand([...args]);

  return (args) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(unavailable(args, `no reply within ${String(timeout)} ms`)), timeout);
      let pending: Promise<unknown>;
      try {
        pending = send(args);
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(isScriptMissing(error) ? error : unavailable(args, errorText(error), error));
        },
      );
    });
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Redis error replies are short and carry no arguments; connection errors name host and port only.
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Redis answers EVALSHA with NOSCRIPT when its script cache does not (or no longer) hold the script. */
export function isScriptMissing(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
