/** Blocking conditions in a replica over Redis: the writer's and its own changes, a validator blocked within 100 ms, fail closed. */
import { describe, expect, inject, it } from 'vitest';
import { createThrottle } from '../../src/gateway/index.js';
import { createRedisReplica, createRedisReplicaWriter } from '../../src/redis/index.js';
import { eventually } from '../helpers/eventually.js';
import { APP_UUID, pizzaGateway } from '../helpers/fixtures.js';
import { breakableReplica, msUntil } from './breakable-replica.js';
import { CLIENT_KINDS, uniquePrefix, withRedis } from './clients.js';

describe.each(CLIENT_KINDS)('blocking conditions in a replica over %s', (kind) => {
  const port = inject('redisPort');

  it("replicates the writer's and its own changes, in createRedisBlockingConditions' layout, and fails closed on an unreadable entry", async () => {
    await withRedis(kind, port, async (redis) => {
      const prefix = uniquePrefix();
      const admin = createRedisReplicaWriter(redis.client, { prefix });
      expect(await admin.blockingConditions.add({ type: 'USER', value: 'mallory' })).toBe(true);
      expect(await admin.blockingConditions.add({ type: 'IP', value: '10.0.0.1', invert: true })).toBe(true);
      expect(await admin.blockingConditions.add({ type: 'IP', value: '10.0.0.1' })).toBe(false); // replaced
      const table = `{${prefix}replica}:table:blocking`;
      expect(await redis.raw('HGET', table, 'IP 10.0.0.1')).toBe('{"type":"IP","value":"10.0.0.1"}');
      await expect(admin.blockingConditions.add({ type: 'IP', value: '10.0.0.0/8' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
      const replica = createRedisReplica(redis.client, { prefix, reader: redis.reader });
      const blocking = replica.blockingConditions;
      const subject = (user: string, clientIp = '192.0.2.1') => ({ api: { name: 'A', context: '/a', version: '1' }, application: undefined, user, clientIp });
      try {
        // Before the first load, not an empty list (which would read as "nothing blocked").
        expect(() => blocking.list()).toThrow(/has not loaded yet/);
        await replica.ready;
        expect(blocking.match(subject('mallory'))).toEqual({ type: 'USER', value: 'mallory' });
        expect(blocking.match(subject('ana', '10.0.0.1'))?.type).toBe('IP');
        expect(blocking.match(subject('ana'))).toBeUndefined();
        expect(blocking.list()).toHaveLength(2);
        // Its own changes: applied here once they resolve.
        expect(await blocking.add({ type: 'USER', value: 'eve' })).toBe(true);
        expect(blocking.match(subject('eve'))?.value).toBe('eve');
        expect(await blocking.remove({ type: 'USER', value: 'mallory' })).toBe(true);
        expect(blocking.match(subject('mallory'))).toBeUndefined();
        expect(await blocking.remove({ type: 'USER', value: 'mallory' })).toBe(false);
        expect(await admin.blockingConditions.remove({ type: 'USER', value: 'eve' })).toBe(true);
        await eventually(() => blocking.match(subject('eve')) === undefined);

        // One entry that is not a condition could be the one that blocks: every match fails closed until it is gone.
        await redis.raw('HSET', table, 'USER x', 'not json');
        await blocking.add({ type: 'USER', value: 'y' }); // a change: the next full load reads the bad entry
        const other = createRedisReplica(redis.client, { prefix, reader: redis.reader });
        await other.ready;
        expect(() => other.blockingConditions.match(subject('ana'))).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' }));
        expect(await other.blockingConditions.remove({ type: 'USER', value: 'x' })).toBe(true);
        expect(other.blockingConditions.match(subject('ana'))).toBeUndefined();
        await other.close();
      } finally {
        await replica.close();
      }
    });
  });

  it('blocks a validator within 100 ms of a condition added through the writer, lifts it likewise, and answers 503 while stale', async () => {
    await withRedis(kind, port, async (redis) => {
      const { admin, replica, cut, mend } = breakableReplica(redis);
      await replica.ready;
      const gw = await pizzaGateway({ throttle: createThrottle({ blocking: replica.blockingConditions, policies: replica.policies }) });
      const key = await gw.issue({ validityPeriod: 3600 });
      const until = (wanted: (r: Awaited<ReturnType<typeof gw.call>>) => boolean) => msUntil(() => gw.call(key), wanted);
      try {
        expect((await gw.call(key)).ok).toBe(true);
        await admin.blockingConditions.add({ type: 'APPLICATION', value: APP_UUID });
        expect(await until((r) => !r.ok && r.reason === 'blocking_condition')).toBeLessThan(100);
        expect(await gw.call(key)).toMatchObject({ ok: false, status: 403, code: 900805 });
        await admin.blockingConditions.remove({ type: 'APPLICATION', value: APP_UUID });
        expect(await until((r) => r.ok)).toBeLessThan(100);

        cut();
        await new Promise((resolve) => setTimeout(resolve, 350));
        expect(await gw.call(key)).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
        mend();
        await eventually(() => replica.status().staleness < 300);
        expect((await gw.call(key)).ok).toBe(true);
      } finally {
        await replica.close();
      }
    });
  });
});
