import { utf8Decode } from '../encoding/utf8.js';
import { KeygateError } from '../errors.js';

/** A message as node-redis hands it over: text, or bytes in its buffer mode. */
type PubSubMessage = string | Uint8Array;

/**
 * node-redis (v4+): a dedicated connection, e.g. `await client.duplicate().connect()`, or a
 * cluster (`createCluster()`), which subscribes through a node of its own.
 */
export interface NodeRedisSubscriber {
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown>;
  unsubscribe(channel: string, listener: (message: PubSubMessage, channel: PubSubMessage) => unknown): Promise<unknown>;
}

/** ioredis: a dedicated connection, e.g. `client.duplicate()`; messages arrive as `message` events. */
export interface IoRedisSubscriber {
  // Present on every ioredis connection (not on node-redis): it tells the two shapes apart.
  call(command: string, ...args: string[]): Promise<unknown>;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  removeListener(event: 'message', listener: (channel: string, message: string) => void): unknown;
}

/**
 * A connection in subscriber mode (Redis lets such a connection do nothing else, so it cannot be
 * the command client). Resubscribing after a reconnect is the client's job; both clients do it.
 */
export type RedisSubscriberLike = NodeRedisSubscriber | IoRedisSubscriber;

export interface ChannelListener {
  /** Settles once the SUBSCRIBE is acknowledged; rejects with ERR_STORE_UNAVAILABLE if it failed. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

function isIoRedis(subscriber: RedisSubscriberLike): subscriber is IoRedisSubscriber {
  return typeof (subscriber as Partial<IoRedisSubscriber>).call === 'function';
}

/** Calls `onMessage` with every message published on `channel`. */
export function listenToChannel(subscriber: RedisSubscriberLike, channel: string, onMessage: (message: string) => void): ChannelListener {
  if (subscriber === null || typeof subscriber !== 'object' || typeof subscriber.subscribe !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'subscriber must be a node-redis or ioredis connection');
  }
  let subscribed: Promise<unknown>;
  let unsubscribe: () => Promise<unknown>;
  if (isIoRedis(subscriber)) {
    const handler = (from: string, message: string): void => {
      if (from === channel) onMessage(message);
    };
    subscriber.on('message', handler);
    subscribed = subscriber.subscribe(channel);
    unsubscribe = () => {
      subscriber.removeListener('message', handler);
      return subscriber.unsubscribe(channel);
    };
  } else {
    const handler = (message: PubSubMessage): void => {
      const text = typeof message === 'string' ? message : utf8Decode(message);
      if (text !== undefined) onMessage(text);
    };
    subscribed = subscriber.subscribe(channel, handler);
    unsubscribe = () => subscriber.unsubscribe(channel, handler);
  }
  const ready = subscribed.then(
    () => undefined,
    (error: unknown) => {
      throw new KeygateError('ERR_STORE_UNAVAILABLE', 'Redis SUBSCRIBE failed', { cause: error });
    },
  );
  ready.catch(() => undefined); // Observed through `ready`; never an unhandled rejection.
  return {
    ready,
    async close() {
      try {
        await unsubscribe();
      } catch {
        // Closing a listener whose connection is gone has nothing left to undo.
      }
    },
  };
}
