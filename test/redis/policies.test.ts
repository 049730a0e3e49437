/** createRedisPolicyStore: throttling policies in Redis, answered from memory, followed by every gateway. */
import { describe, expect, inject, it } from 'vitest';
import { createRedisPolicyStore } from '../../src/redis/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { breakable } from './breakable.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

describe.each(CLIENT_KINDS)('createRedisPolicyStore over %s', (kind) => {
  const port = inject('redisPort');

  it('stores policies in Redis; every gateway finds them from memory, changes included', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisPolicyStore(redis.client, { prefix, refresh: 50 });
      const gateway = createRedisPolicyStore(redis.client, { prefix, refresh: 50 });
      try {
        await Promise.all([admin.ready, gateway.ready]);
        expect(gateway.find('Gold')).toBeUndefined();
        await admin.put('Gold', { requests: 100, timeUnit: 'min', spikeArrestLimit: 5, spikeArrestUnit: 'sec' });
        await admin.put('Free', { requests: Infinity, periodSeconds: 60 });
        // The writer sees its own write at once; the other gateway within its refresh.
        expect(admin.find('Gold')).toEqual({ requests: 100, periodSeconds: 60, spikeArrestLimit: 5, spikeArrestUnit: 'sec' });
        await retryUntil(async () => expect(gateway.find('Gold')?.requests).toBe(100));
        expect(gateway.find('Free')?.requests).toBe(Infinity);
        expect(await admin.list()).toEqual({ Gold: admin.find('Gold'), Free: { requests: Infinity, periodSeconds: 60 } });

        await admin.put('Gold', { requests: 200, timeUnit: 'min' });
        await retryUntil(async () => expect(gateway.find('Gold')).toEqual({ requests: 200, periodSeconds: 60 }));
        expect(await admin.remove('Gold')).toBe(true);
        expect(await admin.remove('Gold')).toBe(false);
        await retryUntil(async () => expect(gateway.find('Gold')).toBeUndefined());
        // Layout: one hash of JSON policies (Infinity as null), and its version: a new token with every change.
        expect(await redis.raw('HGET', `{${prefix}policies}`, 'Free')).toBe('{"requests":null,"periodSeconds":60}');
        const version = await redis.raw('GET', `{${prefix}policies}:version`);
        expect(version).toMatch(/^[0-9a-f]{32}$/);
        expect(await admin.remove('Gold')).toBe(false);
        expect(await redis.raw('GET', `{${prefix}policies}:version`)).toBe(version); // a remove that changed nothing
      } finally {
        admin.close();
        gateway.close();
      }
    });
  });

  it('fails closed: before the first load, once stale, and for an entry that is not a policy', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const link = breakable(redis.client);
      const store = createRedisPolicyStore(link.client, { prefix, refresh: 20, maxStaleness: 200 });
      try {
        expect(() => store.find('Gold')).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' }));
        await store.ready;
        await redis.raw('HSET', `{${prefix}policies}`, 'Broken', '{"requests":"many"}');
        await redis.raw('INCR', `{${prefix}policies}:version`);
        await retryUntil(async () => expect(() => store.find('Broken')).toThrow(/not in keygate's format/));
        expect(store.find('Other')).toBeUndefined();

        link.cut();
        await retryUntil(async () => expect(() => store.find('Other')).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' })));
        link.mend();
        await retryUntil(async () => expect(store.find('Other')).toBeUndefined());
      } finally {
        store.close();
      }
    });
  });

  it('checks policies and options', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisPolicyStore(redis.client, { prefix: uniquePrefix() });
      try {
        await expect(store.put('Bad', { requests: 0, periodSeconds: 60 })).rejects.toThrow(/policy "Bad".requests/);
        await expect(store.put('', { requests: 1, periodSeconds: 60 })).rejects.toThrow(/tier names/);
      } finally {
        store.close();
      }
      expect(() => createRedisPolicyStore(redis.client, { refresh: 5000, maxStaleness: 1000 })).toThrow(/refresh must be below maxStaleness/);
      expect(() => createRedisPolicyStore(redis.client, { refersh: 10 } as never)).toThrow(/unknown option "refersh"/);
    });
  });
});
