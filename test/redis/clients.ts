/** Connects both supported clients (node-redis and ioredis) to a test Redis. */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike, RedisSubscriberLike } from '../../src/redis/index.js';

export type ClientKind = 'node-redis' | 'ioredis';
export const CLIENT_KINDS: readonly ClientKind[] = ['node-redis', 'ioredis'];

export interface Connected {
  readonly client: RedisClientLike;
  readonly subscriber: RedisSubscriberLike;
  /** A third connection, for a replica's blocking reads of its change log. */
  readonly reader: RedisClientLike;
  /** Sends a raw command on the command connection (test setup and inspection). */
  raw(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

const quiet = (): void => undefined; // Outage tests expect connection errors; keep them off stderr.

export async function connect(kind: ClientKind, port: number): Promise<Connected> {
  if (kind === 'node-redis') {
    const client = createClient({ socket: { host: '127.0.0.1', port } });
    client.on('error', quiet);
    await client.connect();
    const subscriber = client.duplicate();
    subscriber.on('error', quiet);
    await subscriber.connect();
    const reader = client.duplicate();
    reader.on('error', quiet);
    await reader.connect();
    return {
      client,
      subscriber,
      reader,
      raw: (...args) => client.sendCommand(args),
      async close() {
        // destroy(), not close(): close() waits for queued commands, which never end while Redis is down.
        client.destroy();
        subscriber.destroy();
        reader.destroy();
      },
    };
  }
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', quiet);
  await client.connect();
  const subscriber = client.duplicate();
  subscriber.on('error', quiet);
  const reader = client.duplicate();
  reader.on('error', quiet);
  return {
    client,
    subscriber,
    reader,
    raw: (command, ...args) => client.call(command, ...args),
    async close() {
      client.disconnect();
      subscriber.disconnect();
      reader.disconnect();
    },
  };
}

let counter = 0;
/** A prefix no other test uses, so tests share one server without seeing each other's keys. */
export function uniquePrefix(): string {
  counter += 1;
  return `kgtest:${String(process.pid)}:${String(counter)}:${String(Date.now())}:`;
}

/** Runs `use` with a fresh connection pair and always closes it. */
export async function withRedis<T>(kind: ClientKind, port: number, use: (redis: Connected) => Promise<T>): Promise<T> {
  const redis = await connect(kind, port);
  try {
    return await use(redis);
  } finally {
    await redis.close();
  }
}
