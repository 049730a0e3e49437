import { describe, expect, inject, it } from 'vitest';
import { createValidator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { createRedisApplicationStore, createRedisSubscriptionStore } from '../../src/redis/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

const APP = { uuid: 'app-1', id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: '10PerMin', attributes: { team: 'pizza' } };

describe.each(CLIENT_KINDS)('createRedisApplicationStore over %s', (kind) => {
  const port = inject('redisPort');

  it('adds, finds, updates and removes applications', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisApplicationStore(redis.client, { prefix: uniquePrefix() });
      expect(await store.find('app-1')).toBeUndefined();
      await store.add(APP);
      expect(await store.find('app-1')).toEqual(APP);
      await expect(store.add(APP)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('use update()') });
      await store.update({ ...APP, status: 'ON_HOLD' });
      expect((await store.find('app-1'))?.status).toBe('ON_HOLD');
      await expect(store.update({ uuid: 'nobody', name: 'x' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('use add()') });
      expect(await store.find('nobody')).toBeUndefined();
      expect(await store.remove('app-1')).toBe(true);
      expect(await store.remove('app-1')).toBe(false);
      expect(await store.find('app-1')).toBeUndefined();
      expect(await store.find('')).toBeUndefined();
    });
  });

  it("lists an owner's applications, following owner changes and removals", async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const store = createRedisApplicationStore(redis.client, { prefix });
      await store.add(APP);
      await store.add({ uuid: 'app-2', name: 'Second', owner: 'kanchana', description: 'for the portal' });
      await store.add({ uuid: 'app-3', name: 'Guest', owner: 'guest' });
      await store.add({ uuid: 'app-4', name: 'Nobody' });
      expect((await store.listByOwner('kanchana')).map((a) => a.uuid)).toEqual(['app-1', 'app-2']);
      expect(await store.listByOwner('guest')).toEqual([{ uuid: 'app-3', name: 'Guest', owner: 'guest' }]);
      await store.update({ ...APP, owner: 'guest' });
      expect((await store.listByOwner('kanchana')).map((a) => a.uuid)).toEqual(['app-2']);
      expect((await store.listByOwner('guest')).map((a) => a.uuid)).toEqual(['app-1', 'app-3']);
      await store.remove('app-3');
      expect((await store.listByOwner('guest')).map((a) => a.uuid)).toEqual(['app-1']);
      expect(await redis.raw('SMEMBERS', `${prefix}apps-of:guest`)).toEqual(['app-1']);
      expect(await store.listByOwner('')).toEqual([]);
    });
  });

  it('drops what an owner set names and no application backs', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const store = createRedisApplicationStore(redis.client, { prefix });
      await store.add(APP);
      await redis.raw('SADD', `${prefix}apps-of:kanchana`, 'gone', 'app-x');
      await redis.raw('SET', `${prefix}app:app-x`, JSON.stringify({ uuid: 'app-x', name: 'X', owner: 'someone-else' }));
      expect((await store.listByOwner('kanchana')).map((a) => a.uuid)).toEqual(['app-1']);
      expect(await redis.raw('SMEMBERS', `${prefix}apps-of:kanchana`)).toEqual(['app-1']);
      await redis.raw('SADD', `${prefix}apps-of:kanchana`, 'bad');
      await redis.raw('SET', `${prefix}app:bad`, 'not json');
      await expect(store.listByOwner('kanchana')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    });
  });

  it('fails closed on an entry that is not an application of that uuid', async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const store = createRedisApplicationStore(redis.client, { prefix });
      await redis.raw('SET', `${prefix}app:a`, 'not json');
      await redis.raw('SET', `${prefix}app:b`, '{"uuid":"b","name":"B","status":"MAYBE"}');
      await redis.raw('SET', `${prefix}app:c`, '{"uuid":"other","name":"C"}');
      await redis.raw('HSET', `${prefix}app:d`, 'uuid', 'd');
      for (const uuid of ['a', 'b', 'c', 'd']) await expect(store.find(uuid)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    });
  });

  it('validates what it is asked to store', async () => {
    await withRedis(kind, port, async (redis) => {
      const store = createRedisApplicationStore(redis.client, { prefix: uniquePrefix() });
      await expect(store.add({ uuid: '', name: 'x' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      await expect(store.add({ uuid: 'a', name: 'x', id: 1.5 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      expect(() => createRedisApplicationStore(redis.client, { prefx: 'x' } as never)).toThrow('createRedisApplicationStore: unknown option "prefx"');
    });
  });

  it("serves a validator: a lightweight key's application from Redis, refused from the next call once on hold", async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const { publicKey, privateKey } = await sharedKeyPair();
      const applications = createRedisApplicationStore(redis.client, { prefix });
      const subscriptions = createRedisSubscriptionStore(redis.client, { prefix });
      await subscriptions.add({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, status: 'TIER_UPDATE_PENDING' });
      await applications.add({ ...APP, uuid: APP_UUID });
      const validator = createValidator({ keys: [publicKey], subscriptions, applications, apis: [PIZZA] });
      const key = await issueKey({ signingKey: privateKey, application: { uuid: APP_UUID, id: 35 } });
      const call = () => validator.validate({ url: '/pizzashack/1.0.0/menu', headers: { apikey: key } });
      const ok = await call();
      expect(ok.ok && [ok.application.name, ok.subscription.status]).toEqual(['DefaultApplication', 'TIER_UPDATE_PENDING']);
      await applications.update({ ...APP, uuid: APP_UUID, status: 'ON_HOLD' });
      expect(await call()).toMatchObject({ ok: false, status: 403, reason: 'application_blocked' });
    });
  });
});
