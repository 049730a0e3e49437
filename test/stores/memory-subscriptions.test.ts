import { describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, KeygateError } from '../../src/index.js';

describe('createMemorySubscriptionStore', () => {
  it('adds, finds, updates and removes subscriptions', async () => {
    const store = createMemorySubscriptionStore([{ applicationUuid: 'app', apiContext: '/a', apiVersion: '1' }]);
    expect(await store.find('app', '/a', '1')).toEqual({ applicationUuid: 'app', apiContext: '/a', apiVersion: '1' });
    expect(await store.find('app', '/a', '2')).toBeUndefined();
    store.update({ applicationUuid: 'app', apiContext: '/a', apiVersion: '1', status: 'BLOCKED', tier: 'Gold' });
    expect((await store.find('app', '/a', '1'))?.status).toBe('BLOCKED');
    expect(store.list()).toHaveLength(1);
    store.add({ applicationUuid: 'other', apiContext: '/a', apiVersion: '1' });
    expect(store.list().map((s) => s.applicationUuid)).toEqual(['app', 'other']);
    expect(store.list('other')).toEqual([{ applicationUuid: 'other', apiContext: '/a', apiVersion: '1' }]);
    expect(store.remove('other', '/a', '1')).toBe(true);
    expect(store.remove('app', '/a', '1')).toBe(true);
    expect(store.remove('app', '/a', '1')).toBe(false);
    expect(await store.find('app', '/a', '1')).toBeUndefined();
  });

  it('keeps look-up keys unambiguous', async () => {
    const store = createMemorySubscriptionStore([{ applicationUuid: 'a', apiContext: '/b/c', apiVersion: '1' }]);
    expect(await store.find('a/b', '/c', '1')).toBeUndefined();
  });

  it('refuses duplicates, unknown updates and bad input with KeygateError', () => {
    const store = createMemorySubscriptionStore();
    store.add({ applicationUuid: 'app', apiContext: '/a', apiVersion: '1' });
    expect(() => store.add({ applicationUuid: 'app', apiContext: '/a', apiVersion: '1' })).toThrow(/update/);
    expect(() => store.update({ applicationUuid: 'x', apiContext: '/a', apiVersion: '1' })).toThrow(/add/);
    expect(() => store.add({ applicationUuid: '', apiContext: '/a', apiVersion: '1' })).toThrow(KeygateError);
    expect(() => store.add({ applicationUuid: 'b', apiContext: '/a', apiVersion: '1', status: 'PAUSED' as never })).toThrow(/status/);
    expect(() => store.add({ applicationUuid: 'c', apiContext: '/a', apiVersion: '1', status: 'TIER_UPDATE_PENDING' })).not.toThrow();
  });

  it('hands out frozen copies, so callers cannot change stored state by accident', async () => {
    const input = { applicationUuid: 'app', apiContext: '/a', apiVersion: '1', tier: 'Gold' };
    const store = createMemorySubscriptionStore([input]);
    input.tier = 'Bronze';
    expect((await store.find('app', '/a', '1'))?.tier).toBe('Gold');
    expect(Object.isFrozen(await store.find('app', '/a', '1'))).toBe(true);
  });
});
