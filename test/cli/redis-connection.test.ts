/** The CLI's own Redis client (RESP2 over node:net): what keygate/redis's stores need of a client, against a real Redis. */
import { describe, expect, inject, it } from 'vitest';
import { connectRedis, redisUrl } from '../../src/cli/redis-connection.js';
import { createRedisRevocationStore } from '../../src/redis/index.js';
import { uniquePrefix } from '../redis/clients.js';

const url = (path = '') => redisUrl(`redis://127.0.0.1:${inject('redisPort')}${path}`);

describe('the CLI\'s Redis connection', () => {
  it('sends commands and reads every kind of reply, in order', async () => {
    const redis = await connectRedis(url('/0'));
    try {
      const key = `${uniquePrefix()}k`;
      const value = 'a\r\nb ü 🍕';
      const replies = await Promise.all([
        redis.sendCommand(['SET', key, value]),
        redis.sendCommand(['GET', key]),
        redis.sendCommand(['GET', `${key}:none`]),
        redis.sendCommand(['INCR', `${key}:n`]),
        redis.sendCommand(['RPUSH', `${key}:l`, 'x', '', value]),
        redis.sendCommand(['LRANGE', `${key}:l`, '0', '-1']),
      ]);
      expect(replies).toEqual(['OK', value, null, 1, 3, ['x', '', value]]);
      await expect(redis.sendCommand(['EVALSHA', '0'.repeat(40), '0'])).rejects.toThrow(/^NOSCRIPT/);
      expect(await redis.sendCommand(['PING'])).toBe('PONG');
    } finally {
      redis.close();
    }
  });

  it('is a client keygate/redis stores take (scripts, EVALSHA falling back to EVAL)', async () => {
    const redis = await connectRedis(url());
    try {
      const store = createRedisRevocationStore(redis, { prefix: uniquePrefix() });
      await store.revoke('jti-1', Math.floor(Date.now() / 1000) + 60);
      expect(await store.isRevoked('jti-1')).toBe(true);
      expect(await store.isRevoked('jti-2')).toBe(false);
    } finally {
      redis.close();
    }
  });

  it('fails with one line that names the address, never the password', async () => {
    await expect(connectRedis(redisUrl('redis://:s3cret@127.0.0.1:1'))).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringMatching(/^cannot reach Redis at 127\.0\.0\.1:1/) });
    const refused = await connectRedis(redisUrl(`redis://someone:s3cret@127.0.0.1:${inject('redisPort')}`)).catch((error: Error) => error);
    expect(refused).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringMatching(/^Redis refused the connection/) });
    expect((refused as Error).message).not.toContain('s3cret');
    for (const bad of ['http://localhost', 'redis://', 'not a url', 'redis://h/db']) expect(() => redisUrl(bad)).toThrow(/--redis must be/);
  });
});
