/** createRedisBlockingConditions: WSO2's blocking conditions in Redis, matched in memory by every gateway. */
import { describe, expect, inject, it } from 'vitest';
import { createRedisBlockingConditions } from '../../src/redis/index.js';
import type { BlockingSubject } from '../../src/gateway/index.js';
import { retryUntil } from '../helpers/eventually.js';
import { PIZZA } from '../helpers/fixtures.js';
import { breakable } from './breakable.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

const subject = (over: Partial<BlockingSubject> = {}): BlockingSubject => ({
  api: PIZZA,
  application: { uuid: 'app-1', owner: 'ana', name: 'Shop' },
  user: 'ana',
  clientIp: '203.0.113.5',
  ...over,
});

describe.each(CLIENT_KINDS)('createRedisBlockingConditions over %s', (kind) => {
  const port = inject('redisPort');

  it('adds and removes conditions at run time; every gateway applies them within refresh', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisBlockingConditions(redis.client, { prefix, refresh: 50 });
      const gateway = createRedisBlockingConditions(redis.client, { prefix, refresh: 50 });
      try {
        await Promise.all([admin.ready, gateway.ready]);
        expect(gateway.match(subject())).toBeUndefined();
        expect(await admin.add({ type: 'IPRANGE', value: '203.0.113.0/24' })).toBe(true);
        expect(await admin.add({ type: 'IPRANGE', value: '203.0.113.0/24' })).toBe(false);
        expect(await admin.add({ type: 'APPLICATION', value: 'ana:Shop' })).toBe(true);
        expect(admin.match(subject())).toEqual({ type: 'APPLICATION', value: 'ana:Shop' }); // WSO2's order: the application before addresses
        await retryUntil(async () => expect(gateway.match(subject({ application: undefined }))).toEqual({ type: 'IPRANGE', value: '203.0.113.0/24' }));
        expect(gateway.match(subject({ clientIp: '198.51.100.1', application: undefined }))).toBeUndefined();
        expect(await admin.list()).toEqual(expect.arrayContaining([{ type: 'IPRANGE', value: '203.0.113.0/24' }, { type: 'APPLICATION', value: 'ana:Shop' }]));

        expect(await admin.remove({ type: 'IPRANGE', value: '203.0.113.0/24' })).toBe(true);
        expect(await admin.remove({ type: 'APPLICATION', value: 'ana:Shop' })).toBe(true);
        await retryUntil(async () => expect(gateway.match(subject())).toBeUndefined());
      } finally {
        admin.close();
        gateway.close();
      }
    });
  });

  it('fails closed: before the first load, once stale, and while an entry is not a condition', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const link = breakable(redis.client);
      const conditions = createRedisBlockingConditions(link.client, { prefix, refresh: 20, maxStaleness: 200 });
      const unavailable = expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' });
      try {
        expect(() => conditions.match(subject())).toThrow(unavailable);
        await conditions.ready;
        await redis.raw('HSET', `{${prefix}blocking}`, 'USER ana', '{"type":"USER","value":"bob"}');
        await redis.raw('INCR', `{${prefix}blocking}:version`);
        await retryUntil(async () => expect(() => conditions.match(subject({ user: 'carol' }))).toThrow(/not in keygate's format/));
        await redis.raw('HDEL', `{${prefix}blocking}`, 'USER ana');
        await redis.raw('INCR', `{${prefix}blocking}:version`);
        await retryUntil(async () => expect(conditions.match(subject())).toBeUndefined());

        link.cut();
        await retryUntil(async () => expect(() => conditions.match(subject())).toThrow(unavailable));
        link.mend();
        await retryUntil(async () => expect(conditions.match(subject())).toBeUndefined());
      } finally {
        conditions.close();
      }
    });
  });

  it('says whether a condition is new from Redis, before its first load and while a refresh behind', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const one = createRedisBlockingConditions(redis.client, { prefix });
      const other = createRedisBlockingConditions(redis.client, { prefix, refresh: 60_000, maxStaleness: 120_000 });
      try {
        expect(await one.add({ type: 'USER', value: 'mallory' })).toBe(true); // before one's first load
        await other.ready;
        expect(await other.add({ type: 'USER', value: 'eve' })).toBe(true);
        expect(await one.add({ type: 'USER', value: 'eve' })).toBe(false); // other's, not yet in one's copy
        expect(await other.remove({ type: 'USER', value: 'mallory' })).toBe(true);
        expect(await other.remove({ type: 'USER', value: 'mallory' })).toBe(false);
      } finally {
        one.close();
        other.close();
      }
    });
  });

  it('checks conditions as they are added', async () => {
    await withRedis(kind, port, async (redis) => {
      const conditions = createRedisBlockingConditions(redis.client, { prefix: uniquePrefix() });
      try {
        await expect(conditions.add({ type: 'IP', value: '10.0.0.0/8' })).rejects.toThrow(/IP takes one address/);
        await expect(conditions.add({ type: 'USER', value: '' })).rejects.toThrow(/value must be a string/);
      } finally {
        conditions.close();
      }
    });
  });
});
