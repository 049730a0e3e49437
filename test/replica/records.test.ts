/** Record tables (applications, policies) in a replica, against the in-memory change feed: follow, fail closed, serve a validator. */
import { describe, expect, it } from 'vitest';
import { encodeApplication } from '../../src/applications/codec.js';
import type { Application } from '../../src/index.js';
import { APPLICATIONS } from '../../src/replica/applications.js';
import { POLICIES } from '../../src/replica/policies.js';
import { startFollower, tableSlot } from '../../src/replica/follower.js';
import { createFreshness } from '../../src/replica/freshness.js';
import { recordFinder, recordTable } from '../../src/replica/records.js';
import { eventually } from '../helpers/eventually.js';
import { APP_UUID, pizzaGateway } from '../helpers/fixtures.js';
import { memoryFeed } from './memory-feed.js';

const APP: Application = { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: '10PerMin', attributes: { team: 'pizza' } };

/** A replica of the applications table of `log`, and its `find`. */
function applicationsOf(log: ReturnType<typeof memoryFeed>, maxStaleness = 1000) {
  const freshness = createFreshness('"test"', maxStaleness, Date.now);
  const slot = tableSlot(recordTable(APPLICATIONS));
  const follower = startFollower(log.feed, [slot], { freshness, now: Date.now, auditMs: 20, retryMs: { min: 1, max: 5 } });
  return { follower, slot, find: recordFinder(slot, freshness, APPLICATIONS) };
}
const put = (log: ReturnType<typeof memoryFeed>, app: Application | undefined, uuid = app?.uuid ?? APP_UUID) =>
  log.write(uuid, app === undefined ? undefined : encodeApplication(app), APPLICATIONS.table);

describe('a replicated applications table', () => {
  it('loads and follows applications, frozen, and ignores the other tables', async () => {
    const log = memoryFeed();
    put(log, APP);
    log.write('x', 'not an application', 'subs');
    const { follower, slot, find } = applicationsOf(log);
    expect(() => find(APP_UUID)).toThrow(/has not loaded yet/);
    await follower.ready;
    expect(find(APP_UUID)).toEqual(APP);
    expect(Object.isFrozen(find(APP_UUID))).toBe(true);
    expect(Object.isFrozen(find(APP_UUID)?.attributes)).toBe(true);
    put(log, { ...APP, status: 'ON_HOLD' });
    put(log, { uuid: 'other', name: 'Other' });
    expect(await follower.applied(4, 1000)).toBe(true);
    expect(find(APP_UUID)?.status).toBe('ON_HOLD');
    put(log, undefined);
    expect(await follower.applied(5, 1000)).toBe(true);
    expect(find(APP_UUID)).toBeUndefined();
    expect(find('other')?.name).toBe('Other');
    expect(slot.storage.size).toBe(1);
    follower.close();
  });

  it('fails closed on an entry that is not an application of its uuid, until it is rewritten, and while stale', async () => {
    const log = memoryFeed();
    log.write('a', 'not json', 'apps');
    log.write('b', '{"uuid":"b","name":"B","status":"MAYBE"}', 'apps');
    log.write('c', '{"uuid":"other","name":"C"}', 'apps');
    const { follower, find } = applicationsOf(log, 100);
    await follower.ready;
    for (const uuid of ['a', 'b', 'c']) expect(() => find(uuid)).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' }));
    expect(find('d')).toBeUndefined();
    log.write('d', '[1]', 'apps'); // through the log, as through a load
    put(log, { uuid: 'a', name: 'A' });
    expect(await follower.applied(5, 1000)).toBe(true);
    expect(find('a')?.name).toBe('A');
    expect(() => find('d')).toThrow(/not in keygate's format/);

    log.down = true;
    await eventually(() => {
      try {
        find('a');
        return false;
      } catch (error) {
        return (error as Error).message.includes('has not confirmed it is current');
      }
    });
    follower.close();
  });

  it("serves a validator: blocked and removed applications are refused once the log brings them, 503 while stale", async () => {
    const log = memoryFeed();
    put(log, APP);
    const { follower, find } = applicationsOf(log, 200);
    await follower.ready;
    const gw = await pizzaGateway({ applications: { find } });
    const key = await gw.issue();
    const ok = await gw.call(key);
    expect(ok.ok && ok.application).toEqual(APP);
    put(log, { ...APP, status: 'REJECTED' });
    await follower.applied(2, 1000);
    expect(await gw.call(key)).toMatchObject({ ok: false, status: 403, reason: 'application_blocked' });
    put(log, undefined);
    await follower.applied(3, 1000);
    expect(await gw.call(key)).toMatchObject({ ok: false, status: 403, reason: 'unknown_application' });
    put(log, APP);
    await follower.applied(4, 1000);
    expect((await gw.call(key)).ok).toBe(true);
    log.down = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await gw.call(key)).toMatchObject({ ok: false, status: 503, reason: 'store_unavailable' });
    follower.close();
  });
});

describe('a replicated policies table', () => {
  it('loads and follows policies as frozen tiers (Infinity as null), and fails closed on an entry that is not a policy and while stale', async () => {
    const log = memoryFeed();
    log.write('Gold', '{"requests":5,"timeUnit":"min"}', POLICIES.table);
    log.write('Free', '{"requests":null,"periodSeconds":60}', POLICIES.table);
    log.write('Broken', '{"requests":"many","periodSeconds":60}', POLICIES.table);
    log.write('Gold', 'not a policy', 'apps');
    const freshness = createFreshness('"test"', 100, Date.now);
    const slot = tableSlot(recordTable(POLICIES));
    const follower = startFollower(log.feed, [slot], { freshness, now: Date.now, auditMs: 20, retryMs: { min: 1, max: 5 } });
    const find = recordFinder(slot, freshness, POLICIES);
    await follower.ready;
    expect(find('Gold')).toEqual({ name: 'Gold', tier: { requests: 5, periodSeconds: 60 } });
    expect(Object.isFrozen(find('Gold')?.tier)).toBe(true);
    expect(find('Free')?.tier.requests).toBe(Infinity);
    expect(() => find('Broken')).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringContaining('policy') }));
    expect(find('Silver')).toBeUndefined();
    log.write('Gold', POLICIES.encode(POLICIES.check({ name: 'Gold', tier: { requests: Infinity, periodSeconds: 1 } })), POLICIES.table);
    log.write('Broken', undefined, POLICIES.table);
    expect(await follower.applied(6, 1000)).toBe(true);
    expect(find('Gold')?.tier).toEqual({ requests: Infinity, periodSeconds: 1 });
    expect(find('Broken')).toBeUndefined();
    expect(() => POLICIES.check({ name: '', tier: { requests: 1, periodSeconds: 1 } })).toThrow(/tier names/);
    expect(() => POLICIES.check({ name: 'x', tier: { requests: 0, periodSeconds: 1 } })).toThrow(/requests must be a positive integer/);
    log.down = true;
    await eventually(() => {
      try {
        find('Gold');
        return false;
      } catch (error) {
        return (error as Error).message.includes('has not confirmed it is current');
      }
    });
    follower.close();
  });
});
