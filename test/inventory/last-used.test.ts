/** createLastUsedTracker: accepted calls noted in memory, written in batches off the call's path. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuditTrail, createLastUsedTracker, type LastUsedTracker } from '../../src/gateway/index.js';
import type { PluginContext } from '../../src/index.js';
import { createMemoryKeyInventory } from '../../src/inventory/memory.js';
import { issuedKeyOf } from '../../src/inventory/from-key.js';
import type { KeyUse, LastUsedStore } from '../../src/inventory/types.js';
import { expectKeygateError } from '../helpers/errors.js';
import { pizzaGateway } from '../helpers/fixtures.js';

const T0 = 1_800_000_000_000;

/** A store that keeps every batch it is given; `gate` holds writes until released. */
function recordingStore() {
  const batches: KeyUse[][] = [];
  let gate: Promise<void> | undefined;
  let release = (): void => undefined;
  const store: LastUsedStore = {
    async recordUses(uses) {
      batches.push([...uses]);
      await gate;
    },
  };
  return {
    store,
    batches,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

describe('createLastUsedTracker', () => {
  let now = T0;
  /** The tracker's recorder, as a validator calls it at `now`. */
  const recorderOf = (tracker: LastUsedTracker) => {
    const record = tracker.createUsageRecorder({} as PluginContext);
    return (jti: string, expiresAt: number | undefined) => record(jti, expiresAt, now / 1000);
  };
  beforeEach(() => {
    now = T0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  it('notes accepted calls only, and writes one batch per interval with the latest time per key', async () => {
    const { store, batches } = recordingStore();
    const tracker = createLastUsedTracker({ store, flushInterval: 30_000 });
    const gw = await pizzaGateway({ lastUsed: tracker, now: () => now });
    const one = await gw.issue({ validityPeriod: 3600, now: () => now });
    const two = await gw.issue({ now: () => now });
    expect(vi.getTimerCount()).toBe(0);
    expect((await gw.call(`${one}x`)).ok).toBe(false); // a bad signature is no use
    expect(vi.getTimerCount()).toBe(0);
    expect((await gw.call(one)).ok).toBe(true);
    now += 5_000;
    expect((await gw.call(one)).ok).toBe(true);
    expect((await gw.call(two)).ok).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    expect(tracker.stats()).toEqual({ pending: 2, written: 0, failed: 0, skipped: 0 });
    expect(batches).toEqual([]);

    await vi.advanceTimersByTimeAsync(30_000);
    const jti = (key: string) => issuedKeyOf(key, '').jti;
    expect(batches).toEqual([[
      { jti: jti(one), usedAt: (T0 + 5_000) / 1000, expiresAt: T0 / 1000 + 3600 },
      { jti: jti(two), usedAt: (T0 + 5_000) / 1000 },
    ]]);
    expect(tracker.stats()).toEqual({ pending: 0, written: 2, failed: 0, skipped: 0 });
    // Nothing held: no timer runs.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes to the key inventory: the key service lists the time', async () => {
    const inventory = createMemoryKeyInventory({ now: () => now });
    const tracker = createLastUsedTracker({ store: inventory });
    const gw = await pizzaGateway({ lastUsed: tracker, now: () => now });
    const key = await gw.issue({ now: () => now });
    const { jti } = issuedKeyOf(key, 'k');
    inventory.record(issuedKeyOf(key, 'k'));
    now += 61_000;
    await gw.call(key);
    expect(inventory.find(jti)?.lastUsedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(inventory.find(jti)?.lastUsedAt).toBe((T0 + 61_000) / 1000);
  });

  it('never makes a call wait: a store that does not answer leaves results as they are', async () => {
    const { store, batches, hold } = recordingStore();
    hold();
    const tracker = createLastUsedTracker({ store, flushInterval: 1000 });
    const gw = await pizzaGateway({ lastUsed: tracker, now: () => now });
    const key = await gw.issue({ now: () => now });
    expect((await gw.call(key)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toHaveLength(1); // under way, never answering
    for (let i = 0; i < 3; i++) expect((await gw.call(key)).ok).toBe(true);
  });

  it('holds at most maxPending keys: reaching it writes at once; new keys wait while that write is under way', async () => {
    const { store, batches, hold, release } = recordingStore();
    hold();
    const tracker = createLastUsedTracker({ store, maxPending: 2 });
    const use = recorderOf(tracker);
    use('a', undefined);
    use('b', undefined);
    expect(batches.map((b) => b.map((u) => u.jti))).toEqual([['a', 'b']]);
    use('c', undefined);
    use('d', undefined);
    use('e', undefined); // a third key while c and d wait behind the write: skipped
    use('c', undefined); // held keys still take later times
    expect(tracker.stats()).toMatchObject({ pending: 2, skipped: 1 });
    release();
    await tracker.flush();
    expect(batches.map((b) => b.map((u) => u.jti))).toEqual([['a', 'b'], ['c', 'd']]);
    expect(tracker.stats()).toEqual({ pending: 0, written: 4, failed: 0, skipped: 1 });
  });

  it('reports a failed write to onError (a throwing onError included) and goes on', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const written: KeyUse[] = [];
    const tracker = createLastUsedTracker({
      store: {
        recordUses(uses) {
          if (fail) throw new Error('store down');
          written.push(...uses);
        },
      },
      onError: (error) => {
        errors.push(error);
        throw new Error('and the logger too');
      },
    });
    const use = recorderOf(tracker);
    use('a', undefined);
    await tracker.flush();
    expect(errors).toEqual([new Error('store down')]);
    expect(tracker.stats()).toMatchObject({ written: 0, failed: 1 });
    fail = false;
    use('a', undefined);
    await tracker.flush();
    expect(written).toEqual([{ jti: 'a', usedAt: T0 / 1000 }]);
  });

  it('close() writes what is held and stops the timer; later uses wait for flush()', async () => {
    const { store, batches } = recordingStore();
    const tracker = createLastUsedTracker({ store, flushInterval: 1000 });
    const use = recorderOf(tracker);
    use('a', 1);
    await tracker.close();
    expect(batches).toEqual([[{ jti: 'a', usedAt: T0 / 1000, expiresAt: 1 }]]);
    use('b', undefined);
    expect(vi.getTimerCount()).toBe(0);
    await tracker.flush();
    expect(batches).toHaveLength(2);
  });

  it('refuses bad options, and a validator refuses what is not a tracker', async () => {
    const store = createMemoryKeyInventory();
    expectKeygateError(() => createLastUsedTracker({} as never), 'ERR_INVALID_OPTION', /store must have recordUses/);
    expectKeygateError(() => createLastUsedTracker({ store, flushInterval: 0 }), 'ERR_INVALID_OPTION', /flushInterval must be a positive number of milliseconds/);
    // Past setTimeout's limit a timer would fire at once, every time: refused.
    expectKeygateError(() => createLastUsedTracker({ store, flushInterval: 2 ** 31 }), 'ERR_INVALID_OPTION', /flushInterval must be a positive number of milliseconds, at most 2147483647/);
    expectKeygateError(() => createLastUsedTracker({ store, maxPending: 1.5 }), 'ERR_INVALID_OPTION', /maxPending/);
    expectKeygateError(() => createLastUsedTracker({ store, onError: 'log' as never }), 'ERR_INVALID_OPTION', /onError/);
    expectKeygateError(() => createLastUsedTracker({ store, interval: 5 } as never), 'ERR_INVALID_OPTION', /unknown option "interval"/);
    await expect(pizzaGateway({ lastUsed: store as never })).rejects.toThrow(/lastUsed must be made by createLastUsedTracker/);
    // The two recorder plugins cannot stand in for each other (an audit trail's recorder is async, a tracker's not).
    await expect(pizzaGateway({ audit: createLastUsedTracker({ store }) as never })).rejects.toThrow(/audit must be made by createAuditTrail/);
    await expect(pizzaGateway({ lastUsed: createAuditTrail(() => undefined) as never })).rejects.toThrow(/lastUsed must be made by createLastUsedTracker/);
    // Given as undefined, the option is off.
    expect((await (await pizzaGateway({ lastUsed: undefined })).call('x')).ok).toBe(false);
  });
});
