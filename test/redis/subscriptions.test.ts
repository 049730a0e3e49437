import { describe, expect, inject, it } from 'vitest';
import { createRedisSubscriptionStore } from '../../src/redis/index.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

describe.each(CLIENT_KINDS)('createRedisSubscriptionStore over %s', (kind) => {
  const port = inject('redisPort');

  it('adds, finds, updates, lists and removes subscriptions', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisSubscriptionStore(redis.client, { prefix: uniquePrefix() });
      expect(await store.find('app-1', '/pizzashack', '1.0.0')).toBeUndefined();
      await store.add({ applicationUuid: 'app-1', apiContext: '/pizzashack', apiVersion: '1.0.0', tier: 'Gold' });
      expect(await store.find('app-1', '/pizzashack', '1.0.0')).toEqual({
        applicationUuid: 'app-1', apiContext: '/pizzashack', apiVersion: '1.0.0', tier: 'Gold',
      });
      await expect(store.add({ applicationUuid: 'app-1', apiContext: '/pizzashack', apiVersion: '1.0.0' }))
        .rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });

      await store.update({ applicationUuid: 'app-1', apiContext: '/pizzashack', apiVersion: '1.0.0', tier: 'Gold', status: 'BLOCKED' });
      expect((await store.find('app-1', '/pizzashack', '1.0.0'))?.status).toBe('BLOCKED');
      // A tier change awaiting approval is stored and read back like any state (it lets calls through).
      await store.update({ applicationUuid: 'app-1', apiContext: '/pizzashack', apiVersion: '1.0.0', tier: 'Gold', status: 'TIER_UPDATE_PENDING' });
      expect((await store.find('app-1', '/pizzashack', '1.0.0'))?.status).toBe('TIER_UPDATE_PENDING');
      await expect(store.update({ applicationUuid: 'app-1', apiContext: '/other', apiVersion: '1.0.0' }))
        .rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      expect(await store.find('app-1', '/other', '1.0.0')).toBeUndefined();

      await store.add({ applicationUuid: 'app-1', apiContext: '/other', apiVersion: '2' });
      expect((await store.list('app-1')).map((s) => s.apiContext).sort()).toEqual(['/other', '/pizzashack']);
      expect(await store.list('nobody')).toEqual([]);

      expect(await store.remove('app-1', '/pizzashack', '1.0.0')).toBe(true);
      expect(await store.remove('app-1', '/pizzashack', '1.0.0')).toBe(false);
      expect(await store.find('app-1', '/pizzashack', '1.0.0')).toBeUndefined();
    });
  });

  it('keeps (context, version) pairs apart whatever characters they hold, and prefixes apart', async () => {
    await withRedis(kind, port, async (redis) => {
      const a = createRedisSubscriptionStore(redis.client, { prefix: uniquePrefix() });
      const b = createRedisSubscriptionStore(redis.client, { prefix: uniquePrefix() });
      await a.add({ applicationUuid: 'app', apiContext: '/a","b', apiVersion: 'c' });
      expect(await a.find('app', '/a', 'b","c')).toBeUndefined();
      expect(await a.find('app', '/a","b', 'c')).toBeDefined();
      expect(await b.find('app', '/a","b', 'c')).toBeUndefined();
    });
  });

  it('fails closed on an entry that is not in its format', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const store = createRedisSubscriptionStore(redis.client, { prefix });
      await redis.raw('HSET', `${prefix}subs:app`, JSON.stringify(['/x', '1']), '{"status":"MAYBE"}');
      await redis.raw('HSET', `${prefix}subs:app`, JSON.stringify(['/y', '1']), 'not json');
      await redis.raw('SET', `${prefix}subs:str`, 'a string, not a hash');
      for (const [app, context] of [['app', '/x'], ['app', '/y'], ['str', '/x']] as const) {
        await expect(store.find(app, context, '1')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      }
    });
  });

  it('validates what it is asked to store', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisSubscriptionStore(redis.client, { prefix: uniquePrefix() });
      await expect(store.add({ applicationUuid: '', apiContext: '/x', apiVersion: '1' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      // @ts-expect-error a status keygate does not know
      await expect(store.add({ applicationUuid: 'a', apiContext: '/x', apiVersion: '1', status: 'MAYBE' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    });
  });
});
