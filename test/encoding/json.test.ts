import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonObject } from '../../src/encoding/json.js';

describe('parseJsonObject', () => {
  it('parses objects only', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    for (const bad of ['[]', '1', '"x"', 'null', 'true', '{', '', '{"a":1}x']) expect(parseJsonObject(bad), bad).toBeUndefined();
  });

  it('refuses nesting deeper than the bound before parsing', () => {
    expect(parseJsonObject('{"a":'.repeat(16) + '1' + '}'.repeat(16))).toBeDefined();
    expect(parseJsonObject('{"a":'.repeat(17) + '1' + '}'.repeat(17))).toBeUndefined();
    expect(parseJsonObject('{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}')).toBeUndefined();
    // Brackets inside strings do not count.
    expect(parseJsonObject(JSON.stringify({ s: '[[[[[[[[[[[[[[[[[[[[[[[["\\' }))).toBeDefined();
  });

  it('accepts exactly the objects nested no deeper than the bound, whatever their strings hold', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depth)) : 0;
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('[', ']{', '"\\', 1, null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 3 }), value, { maxKeys: 3 }), fc.integer({ min: 1, max: 6 }), (object, max) => {
        const parsed = parseJsonObject(JSON.stringify(object), max);
        expect(parsed !== undefined).toBe(depth(object) <= max);
      }),
    );
  });

  it('keeps __proto__ and constructor as plain data', () => {
    const parsed = parseJsonObject('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"n":{"__proto__":{"y":2}}}');
    expect(parsed).toBeDefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(Object.keys(parsed!)).toEqual(['__proto__', 'constructor', 'n']);
    expect((parsed!.n as Record<string, unknown>).y).toBeUndefined();
  });
});
