/** The store-agnostic follower against an in-memory change feed that can fail, trim and reset. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startFollower, tableSlot } from '../../src/replica/follower.js';
import { createFreshness } from '../../src/replica/freshness.js';
import { mapTable } from '../../src/replica/map-table.js';
import type { ChangeFeed } from '../../src/replica/types.js';
import { eventually } from '../helpers/eventually.js';
import { memoryFeed } from './memory-feed.js';

function follow(feed: ChangeFeed, maxStaleness = 1000) {
  const freshness = createFreshness('"test"', maxStaleness, Date.now);
  const slot = tableSlot(mapTable<string>({ name: 't', decode: (_id, value) => (value === 'skip' ? undefined : value) }));
  const follower = startFollower(feed, [slot], { freshness, now: Date.now, auditMs: 20, retryMs: { min: 1, max: 5 } });
  const snapshot = () => new Map([...slot.storage.entries()]);
  return { follower, freshness, slot, snapshot };
}

describe('startFollower', () => {
  it('loads, follows, reloads after a trim past it and after a reset, and fails closed while the feed is down', async () => {
    const log = memoryFeed();
    log.write('a', '1');
    log.write('b', 'skip'); // decoded to nothing: not kept
    const { follower, freshness, snapshot } = follow(log.feed, 50);
    await follower.ready;
    expect(snapshot()).toEqual(new Map([['a', '1']]));
    log.write('c', '3');
    log.write('a', undefined);
    expect(await follower.applied(4, 1000)).toBe(true);
    expect(snapshot()).toEqual(new Map([['c', '3']]));

    log.down = true;
    await eventually(() => {
      try {
        freshness.check();
        return false;
      } catch (error) {
        return (error as Error).message.includes('has not confirmed') && ((error as Error).cause as Error).message === 'down';
      }
    });
    for (let i = 0; i < 10; i++) log.write(`x${String(i)}`, String(i));
    log.trim(3);
    log.down = false;
    await eventually(() => follower.status().loads === 2 && follower.status().seq === 14);
    expect(snapshot().size).toBe(11);
    expect(() => freshness.check()).not.toThrow();

    log.down = true;
    await new Promise((resolve) => setTimeout(resolve, 20));
    log.reset(); // Redis restarted empty
    log.write('fresh', 'yes');
    log.down = false;
    await eventually(() => follower.status().loads === 3);
    expect(snapshot()).toEqual(new Map([['fresh', 'yes']]));
    expect(await follower.applied(99, 10)).toBe(false);
    follower.close();
  });

  it('converges to the log\'s state whatever the sequence of writes, outages and trims', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), id: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.option(fc.constantFrom('1', '2', 'skip'), { nil: undefined }) }),
      fc.record({ kind: fc.constantFrom('down' as const, 'up' as const, 'pause' as const) }),
      fc.record({ kind: fc.constant('trim' as const), keep: fc.nat(3) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const log = memoryFeed();
        const { follower, snapshot } = follow(log.feed);
        try {
          for (const o of ops) {
            if (o.kind === 'write') log.write(o.id, o.value);
            else if (o.kind === 'trim') log.trim(o.keep);
            else if (o.kind === 'pause') await new Promise((resolve) => setTimeout(resolve, 3));
            else log.down = o.kind === 'down';
          }
          log.down = false;
          const expected = new Map([...log.table].filter(([, value]) => value !== 'skip'));
          const writes = ops.filter((o) => o.kind === 'write').length;
          await eventually(() => follower.status().loaded && follower.status().seq === writes, 3000);
          expect(snapshot()).toEqual(expected);
        } finally {
          follower.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
