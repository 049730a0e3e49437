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

  it('keeps __proto__ and constructor as plain data', () => {
    const parsed = parseJsonObject('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"n":{"__proto__":{"y":2}}}');
    expect(parsed).toBeDefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(Object.keys(parsed!)).toEqual(['__proto__', 'constructor', 'n']);
    expect((parsed!.n as Record<string, unknown>).y).toBeUndefined();
  });
});
