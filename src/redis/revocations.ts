import { KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { revocationKeptUntil } from '../stores/clock-tolerance.js';
import { revocationListeners } from '../stores/revocation-listeners.js';
import type { RevocationListener, RevocationStore } from '../stores/types.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { listenToChannel, type ChannelListener, type RedisSubscriberLike } from './pubsub.js';
import { replyNumber } from './reply.js';
import { redisScript } from './script.js';

/** Options of `createRedisRevocationStore`. */
export interface RedisRevocationStoreOptions extends RedisCommonOptions {
  /**
   * A second connection, in subscriber mode, on which revocations published by any gateway
   * arrive; `onRevoke` listeners (e.g. the validator's cache) hear of them at once.
   */
  readonly subscriber?: RedisSubscriberLike | undefined;
  /** Pub/sub channel for revocations (default `<prefix>revocations`). */
  readonly channel?: string | undefined;
}

/** A `RevocationStore` in Redis, shared by every gateway (see `createRedisRevocationStore`). */
export interface RedisRevocationStore extends RevocationStore {
  /** One EXISTS. */
  isRevoked(jti: string): Promise<boolean>;
  /** Stores the `jti` until 300 s past `expiresAt`, the key's `exp` (for good without it), and publishes it: one round trip. */
  revoke(jti: string, expiresAt?: number): Promise<void>;
  /**
   * Listeners hear of local revocations at once and of every gateway's through the subscriber.
   * A listener may hear of the same `jti` more than once; evicting twice is harmless.
   */
  onRevoke(listener: RevocationListener): () => void;
  /** Resolves once the subscriber listens (at once without one); rejects if SUBSCRIBE failed. */
  readonly ready: Promise<void>;
  /** Stops listening. The connections are yours: keygate never quits them. */
  close(): Promise<void>;
}

/** Longest `jti` stored or accepted from the channel; keygate's own are UUIDs. */
const MAX_JTI_LENGTH = 1024;

// Keeps the later of the stored and the new expiry (no expiry wins), then publishes, atomically.
// PX from Redis's own clock, as PXAT would, but without needing Redis 6.2.
const REVOKE_SCRIPT = `local ttl = redis.call('PTTL', KEYS[1])
if ARGV[1] == '' then
  redis.call('SET', KEYS[1], '1')
elseif ttl ~= -1 then
  local t = redis.call('TIME')
  local left = tonumber(ARGV[1]) - (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
  if left > 0 and left > ttl then redis.call('SET', KEYS[1], '1', 'PX', left) end
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

/** A `jti` a Redis store accepts to revoke: 1 to 1024 characters. */
export function checkJti(jti: unknown): string {
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new KeygateError('ERR_INVALID_OPTION', `jti must be a non-empty string of at most ${String(MAX_JTI_LENGTH)} characters`);
  }
  return jti;
}

/** Layout: `<prefix>revoked:<jti>` = `1`, expiring with the key. */
export function createRedisRevocationStore(client: RedisClientLike, options: RedisRevocationStoreOptions = {}): RedisRevocationStore {
  const names = { prefix: true, timeout: true, subscriber: true, channel: true } satisfies OptionNames<RedisRevocationStoreOptions>;
  checkOptionNames(options, names, 'createRedisRevocationStore');
  const prefix = optionalPrefix(options.prefix);
  const channel = options.channel ?? `${prefix}revocations`;
  if (typeof channel !== 'string' || channel.length === 0) throw new KeygateError('ERR_INVALID_OPTION', 'channel must be a non-empty string');
  const command = redisCommand(client, options);
  const revokeScript = redisScript(command, REVOKE_SCRIPT);
  const keyOf = (jti: string): string => `${prefix}revoked:${jti}`;
  const listeners = revocationListeners();
  const notify = listeners.notify;
  const subscription: ChannelListener | undefined =
    options.subscriber === undefined
      ? undefined
      : listenToChannel(options.subscriber, channel, (message) => {
          if (message.length > 0 && message.length <= MAX_JTI_LENGTH) notify(message);
        });

  return {
    async isRevoked(jti) {
      if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) return false;
      return replyNumber(await command(['EXISTS', keyOf(jti)]), 'EXISTS') > 0;
    },
    async revoke(jti, expiresAt) {
      checkJti(jti);
      const keptUntil = revocationKeptUntil(expiresAt);
      const until = keptUntil === Infinity ? '' : String(Math.ceil(keptUntil * 1000));
      await revokeScript([keyOf(jti)], [until, channel, jti]);
      notify(jti);
    },
    onRevoke: (listener) => listeners.add(listener),
    ready: subscription?.ready ?? Promise.resolve(),
    async close() {
      listeners.clear();
      await subscription?.close();
    },
  };
}
