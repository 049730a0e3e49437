import { describe, expect, it } from 'vitest';
import { createMemoryApplicationStore } from '../../src/gateway/index.js';
import { expectKeygateError } from '../helpers/errors.js';

const APP = { uuid: 'app-1', id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: '10PerMin' } as const;

describe('createMemoryApplicationStore', () => {
  it('adds, finds, updates and removes applications, answering at once', () => {
    const store = createMemoryApplicationStore([APP]);
    expect(store.find('app-1')).toEqual(APP);
    expect(store.find('app-2')).toBeUndefined();
    store.update({ ...APP, status: 'ON_HOLD', attributes: { team: 'pizza' } });
    expect(store.find('app-1')).toMatchObject({ status: 'ON_HOLD', attributes: { team: 'pizza' } });
    store.add({ uuid: 'app-2', name: 'Second' });
    expect(store.list().map((a) => a.uuid)).toEqual(['app-1', 'app-2']);
    store.add({ uuid: 'app-3', name: 'Third', owner: 'kanchana', description: 'for the key service' });
    expect(store.listByOwner('kanchana').map((a) => a.uuid)).toEqual(['app-1', 'app-3']);
    expect(store.listByOwner('guest')).toEqual([]);
    expect(store.remove('app-1')).toBe(true);
    expect(store.remove('app-1')).toBe(false);
    expect(store.find('app-1')).toBeUndefined();
  });

  it('refuses duplicates, unknown updates and bad applications with ERR_INVALID_OPTION naming the field', () => {
    const store = createMemoryApplicationStore([APP]);
    expectKeygateError(() => store.add(APP), 'ERR_INVALID_OPTION', /app-1 already exists; use update/);
    expectKeygateError(() => store.update({ uuid: 'nope', name: 'x' }), 'ERR_INVALID_OPTION', /no application nope; use add/);
    const bad: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ uuid: '', name: 'x' }, /uuid/],
      [{ uuid: 'a' }, /name/],
      [{ uuid: 'a', name: 'x', id: 3.5 }, /id must be an integer/],
      [{ uuid: 'a', name: 'x', id: '35' }, /id must be an integer/],
      [{ uuid: 'a', name: 'x', owner: 1 }, /owner/],
      [{ uuid: 'a', name: 'x', tier: [] }, /tier/],
      [{ uuid: 'a', name: 'x', description: 7 }, /description must be a string/],
      [{ uuid: 'a', name: 'x', status: 'ACTIVE' }, /status must be one of APPROVED, CREATED, ON_HOLD, REJECTED, DELETE_PENDING/],
      [{ uuid: 'a', name: 'x', attributes: { n: 1 } }, /attributes/],
      [{ uuid: 'a', name: 'x', attributes: ['x'] }, /attributes/],
    ];
    for (const [app, message] of bad) expectKeygateError(() => store.add(app as never), 'ERR_INVALID_OPTION', message);
  });

  it('hands out frozen copies, attributes included', () => {
    const attributes = { team: 'pizza' };
    const input = { uuid: 'a', name: 'A', attributes };
    const store = createMemoryApplicationStore([input]);
    attributes.team = 'burgers';
    input.name = 'B';
    const found = store.find('a')!;
    expect(found).toEqual({ uuid: 'a', name: 'A', attributes: { team: 'pizza' } });
    expect(Object.isFrozen(found) && Object.isFrozen(found.attributes)).toBe(true);
  });
});
