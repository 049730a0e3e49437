import { required } from './args.js';
import { connectRedis, redisUrl, type RedisConnection } from './redis-connection.js';

/** The flags of the commands that work on a Redis deployment (`keygate keys`, `keygate revoke`). */
export const REDIS_FLAGS = {
  redis: { type: 'string' },
  prefix: { type: 'string' },
} as const;

export const REDIS_HELP = `  --redis URL    the deployment's Redis: redis://[user:password@]host[:port][/db], or rediss://
                 for TLS (KEYGATE_REDIS_URL when not given)
  --prefix P     the key prefix its gateways and key service use (default keygate:)`;

/** Connects to the `--redis` deployment, runs `use` with the connection and the prefix, and disconnects. */
export async function withRedis<T>(
  values: { readonly redis?: string | undefined; readonly prefix?: string | undefined },
  use: (client: RedisConnection, prefix: string) => Promise<T>,
): Promise<T> {
  const url = redisUrl(required(values.redis ?? process.env.KEYGATE_REDIS_URL, '--redis'));
  const client = await connectRedis(url);
  try {
    return await use(client, values.prefix ?? 'keygate:');
  } finally {
    client.close();
  }
}
