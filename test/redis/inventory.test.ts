import { describe, expect, inject, it } from 'vitest';
import { createRedisKeyInventory } from '../../src/redis/index.js';
import type { IssuedKey } from '../../src/inventory/types.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

const NOW = Date.now();
const key = (jti: string, more: Partial<IssuedKey> = {}): IssuedKey => ({
  jti, applicationUuid: 'app-1', keyType: 'PRODUCTION', keyName: 'DefaultApplication_PRODUCTION', issuedAt: Math.floor(NOW / 1000), ...more,
});

describe.each(CLIENT_KINDS)('createRedisKeyInventory over %s', (kind) => {
  const port = inject('redisPort');

  it("records, finds, lists (oldest first) and removes an application's keys", async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const inventory = createRedisKeyInventory(redis.client, { prefix });
      await inventory.record(key('b', { issuedAt: key('b').issuedAt - 10, permittedReferer: '*.example.com/*' }));
      await inventory.record(key('a', { expiresAt: key('a').issuedAt + 3600 }));
      await inventory.record(key('c', { applicationUuid: 'app-2', keyType: 'SANDBOX' }));
      expect((await inventory.list('app-1')).map((k) => k.jti)).toEqual(['b', 'a']);
      expect(await inventory.find('c')).toEqual(key('c', { applicationUuid: 'app-2', keyType: 'SANDBOX' }));
      const ttl = Number(await redis.raw('PTTL', `${prefix}issued:a`));
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
      expect(Number(await redis.raw('PTTL', `${prefix}issued:b`))).toBe(-1);
      expect(await inventory.remove('b')).toBe(true);
      expect(await inventory.remove('b')).toBe(false);
      expect(await redis.raw('SMEMBERS', `${prefix}issued-of:app-1`)).toEqual(['a']);
      expect(await inventory.find('b')).toBeUndefined();
      expect(await inventory.list('nobody')).toEqual([]);
    });
  });

  it('keeps no entry of an expired key, and drops the jtis of expired entries as it lists', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const inventory = createRedisKeyInventory(redis.client, { prefix });
      await inventory.record(key('old', { expiresAt: Math.floor(NOW / 1000) - 1 }));
      expect(await redis.raw('EXISTS', `${prefix}issued:old`)).toBe(0);
      await inventory.record(key('soon', { expiresAt: Math.floor(NOW / 1000) + 60 }));
      await redis.raw('DEL', `${prefix}issued:soon`); // as Redis does once it expires
      expect(await inventory.list('app-1')).toEqual([]);
      expect(await redis.raw('SMEMBERS', `${prefix}issued-of:app-1`)).toEqual([]);
    });
  });

  it('keeps the latest use of each key it holds, in the key\'s hash (expiring with it), shows it as lastUsedAt and deletes it with the key', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const inventory = createRedisKeyInventory(redis.client, { prefix });
      const t = Math.floor(NOW / 1000);
      await inventory.record(key('a', { expiresAt: t + 3600 }));
      await inventory.record(key('b'));
      await inventory.recordUses([{ jti: 'a', usedAt: t + 5, expiresAt: t + 3600 }, { jti: 'b', usedAt: t + 5 }]);
      // Another gateway's older write does not take the time back; a key the inventory does not hold gets no record.
      await inventory.recordUses([{ jti: 'a', usedAt: t + 1, expiresAt: t + 3600 }, { jti: 'gone', usedAt: t, expiresAt: t - 1 }, { jti: 'elsewhere', usedAt: t }]);
      expect(await inventory.find('a')).toEqual(key('a', { expiresAt: t + 3600, lastUsedAt: t + 5 }));
      expect((await inventory.list('app-1')).map((k) => [k.jti, k.lastUsedAt])).toEqual([['a', t + 5], ['b', t + 5]]);
      expect(await redis.raw('HGET', `${prefix}issued:a`, 'used')).toBe(String(t + 5));
      const ttl = Number(await redis.raw('PTTL', `${prefix}issued:a`));
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
      expect(Number(await redis.raw('PTTL', `${prefix}issued:b`))).toBe(-1);
      for (const jti of ['gone', 'elsewhere']) expect(await redis.raw('EXISTS', `${prefix}issued:${jti}`)).toBe(0);
      // A value that is not a time is no time.
      await redis.raw('HSET', `${prefix}issued:b`, 'used', 'soon');
      expect((await inventory.find('b'))?.lastUsedAt).toBeUndefined();
      // ...and a later use writes over it (the script does not fail on it, nor the batch with it).
      await inventory.recordUses([{ jti: 'b', usedAt: t + 9 }, { jti: 'a', usedAt: t + 9, expiresAt: t + 3600 }]);
      expect((await inventory.find('b'))?.lastUsedAt).toBe(t + 9);
      // Recorded again (a key service retrying), the entry keeps its last use.
      await inventory.record(key('b'));
      expect((await inventory.find('b'))?.lastUsedAt).toBe(t + 9);
      expect(await inventory.remove('a')).toBe(true);
      expect(await redis.raw('EXISTS', `${prefix}issued:a`)).toBe(0);
    });
  });

  it("fails closed on an entry that is not keygate's, and refuses bad entries and options", async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const inventory = createRedisKeyInventory(redis.client, { prefix });
      await redis.raw('HSET', `${prefix}issued:x`, 'key', JSON.stringify(key('other')));
      await redis.raw('HSET', `${prefix}issued:y`, 'key', 'not json');
      await redis.raw('SET', `${prefix}issued:w`, JSON.stringify(key('w'))); // not a hash
      for (const jti of ['x', 'y', 'w']) await expect(inventory.find(jti)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      await expect(inventory.record({ ...key('z'), keyType: 'BOTH' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      expect(() => createRedisKeyInventory(redis.client, { prefx: 'p' } as never)).toThrow('createRedisKeyInventory: unknown option "prefx"');
      expect(await inventory.find('')).toBeUndefined();
    });
  });
});
