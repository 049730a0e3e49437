import { describe, expect, it } from 'vitest';
import { createMemoryKeyInventory } from '../../src/inventory/memory.js';
import type { IssuedKey } from '../../src/inventory/types.js';
import { expectKeygateError } from '../helpers/errors.js';

const NOW = 1_800_000_000_000;
const key = (jti: string, more: Partial<IssuedKey> = {}): IssuedKey => ({
  jti, applicationUuid: 'app-1', keyType: 'PRODUCTION', keyName: 'DefaultApplication_PRODUCTION', issuedAt: NOW / 1000, ...more,
});

describe('createMemoryKeyInventory', () => {
  it("records, finds, lists (oldest first) and removes an application's keys", () => {
    const inventory = createMemoryKeyInventory({ now: () => NOW });
    inventory.record(key('b', { issuedAt: NOW / 1000 - 10, permittedIP: '127.0.0.1', subject: 'kanchana' }));
    inventory.record(key('a'));
    inventory.record(key('c', { applicationUuid: 'app-2', keyType: 'SANDBOX', expiresAt: NOW / 1000 + 60 }));
    expect(inventory.list('app-1').map((k) => k.jti)).toEqual(['b', 'a']);
    expect(inventory.list('app-2')).toEqual([key('c', { applicationUuid: 'app-2', keyType: 'SANDBOX', expiresAt: NOW / 1000 + 60 })]);
    expect(inventory.find('b')).toMatchObject({ permittedIP: '127.0.0.1', subject: 'kanchana' });
    expect(inventory.remove('b')).toBe(true);
    expect(inventory.remove('b')).toBe(false);
    expect(inventory.find('b')).toBeUndefined();
    expect(inventory.list('app-1').map((k) => k.jti)).toEqual(['a']);
    expect(inventory.list('nobody')).toEqual([]);
    expect(inventory.size).toBe(2);
  });

  it('drops expired keys as their application is listed', () => {
    let now = NOW;
    const inventory = createMemoryKeyInventory({ now: () => now });
    inventory.record(key('short', { expiresAt: NOW / 1000 + 60 }));
    inventory.record(key('forever'));
    now += 60_000;
    expect(inventory.list('app-1').map((k) => k.jti)).toEqual(['forever']);
    expect(inventory.size).toBe(1);
  });

  it('keeps known fields only, frozen, and refuses bad entries naming the field', () => {
    const inventory = createMemoryKeyInventory();
    inventory.record({ ...key('x'), apikey: 'eyJ...' } as IssuedKey);
    expect(inventory.find('x')).toEqual(key('x'));
    expect(Object.isFrozen(inventory.find('x'))).toBe(true);
    const bad: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ ...key('y'), jti: '' }, /jti/],
      [{ ...key('y'), applicationUuid: 7 }, /applicationUuid/],
      [{ ...key('y'), keyType: 'prod' }, /keyType must be PRODUCTION or SANDBOX/],
      [{ ...key('y'), keyName: undefined }, /keyName/],
      [{ ...key('y'), issuedAt: -1 }, /issuedAt/],
      [{ ...key('y'), expiresAt: 'soon' }, /expiresAt/],
      [{ ...key('y'), permittedIP: ['x'] }, /permittedIP must be a string/],
    ];
    for (const [entry, message] of bad) expectKeygateError(() => inventory.record(entry as IssuedKey), 'ERR_INVALID_OPTION', message);
    expectKeygateError(() => createMemoryKeyInventory({ clock: Date.now } as never), 'ERR_INVALID_OPTION', /unknown option "clock"/);
  });
});

describe('createMemoryKeyInventory as a LastUsedStore', () => {
  it('sets lastUsedAt of the keys it holds, later times only; forgets it with the key', () => {
    const inventory = createMemoryKeyInventory({ now: () => NOW });
    inventory.record(key('a'));
    inventory.recordUses([{ jti: 'a', usedAt: 100 }, { jti: 'unknown', usedAt: 100 }]);
    expect(inventory.find('a')).toEqual({ ...key('a'), lastUsedAt: 100 });
    expect(Object.isFrozen(inventory.find('a'))).toBe(true);
    inventory.recordUses([{ jti: 'a', usedAt: 90 }, { jti: 'a', usedAt: Number.NaN }]);
    expect(inventory.list('app-1')).toEqual([{ ...key('a'), lastUsedAt: 100 }]);
    expect(inventory.find('unknown')).toBeUndefined();
    expect(inventory.size).toBe(1);
    inventory.remove('a');
    inventory.record(key('a'));
    expect(inventory.find('a')?.lastUsedAt).toBeUndefined();
  });
});
