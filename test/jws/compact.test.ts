import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCompactJws } from '../../src/jws/compact.js';
import { checkJwsHeader } from '../../src/jws/header.js';
import { SEED_SAMPLE_KEY } from '../helpers/fixtures.js';

const limits = { maxLength: 16384, maxJsonDepth: 16 };

describe('decodeCompactJws', () => {
  it('keeps the signing input exactly as received, padding included', () => {
    const jws = decodeCompactJws(SEED_SAMPLE_KEY, limits);
    if (typeof jws === 'string') throw new Error(jws);
    const input = new TextDecoder().decode(jws.signingInput);
    expect(input).toBe(SEED_SAMPLE_KEY.slice(0, SEED_SAMPLE_KEY.lastIndexOf('.')));
    expect(input.endsWith('==')).toBe(true);
    expect(jws.signature.length).toBe(256);
  });

  it('names what is wrong, checking the length first', () => {
    expect(decodeCompactJws('x'.repeat(16385), limits)).toBe('too_long');
    for (const s of ['', 'a', 'a.b', '.b.c', 'a..c', 'a.b.', 'a.b.c.d']) expect(decodeCompactJws(s, limits), s).toBe('segments');
    expect(decodeCompactJws('a+b.e30.AA', limits)).toBe('base64');
    expect(decodeCompactJws('_w.e30.AA', limits)).toBe('utf8');
    expect(decodeCompactJws('e30.W10.AA', limits)).toBe('json');
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void decodeCompactJws(s, limits)));
  });
});

describe('checkJwsHeader', () => {
  const allowed = new Set(['RS256', 'ES256'] as const);
  it('allows listed algorithms only, never none or HMAC', () => {
    expect(checkJwsHeader({ alg: 'RS256', kid: 'k' }, allowed)).toEqual({ alg: 'RS256', kid: 'k' });
    for (const alg of ['none', 'HS256', 'PS256', 'rs256', undefined, 1]) expect(checkJwsHeader({ alg, kid: 'k' }, allowed)).toBe('alg');
  });
  it('refuses crit, non-JWT typ and missing or oversized kid', () => {
    expect(checkJwsHeader({ alg: 'RS256', kid: 'k', crit: [] }, allowed)).toBe('crit');
    expect(checkJwsHeader({ alg: 'RS256', kid: 'k', typ: 'JOSE' }, allowed)).toBe('typ');
    expect(checkJwsHeader({ alg: 'RS256', kid: 'k', typ: 'jwt' }, allowed)).toEqual({ alg: 'RS256', kid: 'k' });
    expect(checkJwsHeader({ alg: 'RS256' }, allowed)).toBe('kid');
    expect(checkJwsHeader({ alg: 'RS256', kid: 7 }, allowed)).toBe('kid');
    expect(checkJwsHeader({ alg: 'RS256', kid: 'k'.repeat(257) }, allowed)).toBe('kid');
  });
});
