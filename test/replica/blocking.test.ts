/** Blocking conditions in a replica, against the in-memory change feed: indexed as changes arrive, fail closed. */
import { describe, expect, it } from 'vitest';
import { BLOCKING, blockingMatcher, blockingTable } from '../../src/replica/blocking.js';
import { startFollower, tableSlot } from '../../src/replica/follower.js';
import { createFreshness } from '../../src/replica/freshness.js';
import type { BlockingCondition } from '../../src/gateway/index.js';
import { eventually } from '../helpers/eventually.js';
import { APP_UUID, PIZZA } from '../helpers/fixtures.js';
import { memoryFeed } from './memory-feed.js';

const subject = (clientIp = '203.0.113.5', user = 'ana') => ({ api: PIZZA, application: { uuid: APP_UUID, id: 35 }, user, clientIp });
const put = (log: ReturnType<typeof memoryFeed>, c: BlockingCondition, remove = false) =>
  log.write(BLOCKING.idOf(c), remove ? undefined : BLOCKING.encode(BLOCKING.check(c)), BLOCKING.table);

describe('a replicated blocking-conditions table', () => {
  it('matches from memory as changes arrive (addresses too), fails closed on an unreadable entry until it goes, and while stale', async () => {
    const log = memoryFeed();
    put(log, { type: 'USER', value: 'mallory' });
    log.write('IP 10.0.0.1', '{"type":"IP","value":"10.0.0.2"}', BLOCKING.table); // another's id
    const freshness = createFreshness('"test"', 100, Date.now);
    const slot = tableSlot(blockingTable());
    const follower = startFollower(log.feed, [slot], { freshness, now: Date.now, auditMs: 20, retryMs: { min: 1, max: 5 } });
    const match = blockingMatcher(slot, freshness);
    expect(() => match(subject())).toThrow(/has not loaded yet/);
    await follower.ready;
    expect(() => match(subject())).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringContaining("not in keygate's format") }));
    log.write('IP 10.0.0.1', undefined, BLOCKING.table);
    expect(await follower.applied(3, 1000)).toBe(true);
    expect(match(subject())).toBeUndefined();
    expect(match(subject('203.0.113.5', 'mallory'))).toEqual({ type: 'USER', value: 'mallory' });

    put(log, { type: 'IPRANGE', value: '198.51.100.0/24' });
    put(log, { type: 'APPLICATION', value: APP_UUID });
    expect(await follower.applied(5, 1000)).toBe(true);
    expect(match(subject('198.51.100.7'))?.type).toBe('APPLICATION'); // WSO2's order: the application first
    put(log, { type: 'APPLICATION', value: APP_UUID }, true);
    expect(await follower.applied(6, 1000)).toBe(true);
    expect(match(subject('198.51.100.7'))?.type).toBe('IPRANGE');
    expect(match(subject('203.0.113.5'))).toBeUndefined();
    put(log, { type: 'IP', value: '203.0.113.5', invert: true }); // every address but this one
    expect(await follower.applied(7, 1000)).toBe(true);
    expect(match(subject('203.0.113.5'))).toBeUndefined();
    expect(match(subject('192.0.2.1'))).toMatchObject({ type: 'IP', invert: true });
    expect(slot.storage.size).toBe(3);

    log.down = true;
    await eventually(() => {
      try {
        match(subject());
        return false;
      } catch (error) {
        return (error as Error).message.includes('has not confirmed it is current');
      }
    });
    follower.close();
  });
});
