import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCompactJws, decodeSigned, splitCompactJws } from '../../src/jws/compact.js';
import { base64UrlEncode } from '../../src/encoding/base64.js';
import { checkJwsHeader } from '../../src/jws/header.js';
import { SEED_SAMPLE_KEY } from '../helpers/fixtures.js';

const limits = { maxLength: 16384, maxJsonDepth: 16 };

const segment = (value: unknown) => base64UrlEncode(new TextEncoder().encode(JSON.stringify(value)));

describe('splitCompactJws and decodeSigned', () => {
  it('keep the signing input exactly as received, padding included', () => {
    const jws = splitCompactJws(SEED_SAMPLE_KEY, limits);
    if (typeof jws === 'string') throw new Error(jws);
    const signed = decodeSigned(jws);
    if (typeof signed === 'string') throw new Error(signed);
    const input = new TextDecoder().decode(signed.signingInput);
    expect(input).toBe(SEED_SAMPLE_KEY.slice(0, SEED_SAMPLE_KEY.lastIndexOf('.')));
    expect(input.endsWith('==')).toBe(true);
    expect(signed.signature.length).toBe(256);
    expect(JSON.parse(signed.payloadText).application.uuid).toBe('1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547');
  });

  it('hand out views that the next decode reuses (callers must use them at once)', () => {
    const a = splitCompactJws(`${segment({ alg: 'RS256' })}.${segment({ n: 1 })}.AAAA`, limits);
    const b = splitCompactJws(`${segment({ alg: 'RS256' })}.${segment({ n: 2 })}.////`.replaceAll('/', '_'), limits);
    if (typeof a === 'string' || typeof b === 'string') throw new Error('split');
    const first = decodeSigned(a);
    if (typeof first === 'string') throw new Error(first);
    expect([...first.signature]).toEqual([0, 0, 0]);
    const second = decodeSigned(b);
    if (typeof second === 'string') throw new Error(second);
    expect([...first.signature]).toEqual([255, 255, 255]);
    expect(first.payloadText).toBe('{"n":1}');
    expect(second.payloadText).toBe('{"n":2}');
  });

  it('share one frozen object between keys with the same flat header, and only then', () => {
    const header = segment({ kid: 'k', typ: 'JWT', alg: 'RS256' });
    const one = splitCompactJws(`${header}.${segment({ n: 1 })}.AA`, limits);
    const two = splitCompactJws(`${header}.${segment({ n: 2 })}.AA`, limits);
    if (typeof one === 'string' || typeof two === 'string') throw new Error('split');
    expect(two.header).toBe(one.header);
    expect(Object.isFrozen(one.header)).toBe(true);
    const nested = segment({ kid: 'k', alg: 'RS256', jwk: { kty: 'RSA' } });
    const three = splitCompactJws(`${nested}.e30.AA`, limits);
    const four = splitCompactJws(`${nested}.e30.AA`, limits);
    if (typeof three === 'string' || typeof four === 'string') throw new Error('split');
    expect(four.header).not.toBe(three.header);
    expect(four.header).toEqual(three.header);
  });

  it('decode the right header whatever was seen before (many distinct headers)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 200 }), (kids) => {
        for (const kid of kids) {
          const jws = splitCompactJws(`${segment({ kid, alg: 'RS256' })}.e30.AA`, limits);
          if (typeof jws === 'string') throw new Error(jws);
          expect(jws.header.kid).toBe(kid);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('decodeCompactJws', () => {
  it('names what is wrong, checking the length first', () => {
    expect(decodeCompactJws('x'.repeat(16385), limits)).toBe('too_long');
    for (const s of ['', 'a', 'a.b', '.b.c', 'a..c', 'a.b.', 'a.b.c.d']) expect(decodeCompactJws(s, limits), s).toBe('segments');
    expect(decodeCompactJws('a+b.e30.AA', limits)).toBe('base64');
    expect(decodeCompactJws('_w.e30.AA', limits)).toBe('utf8');
    expect(decodeCompactJws('e30.W10.AA', limits)).toBe('json');
    // Texts that spell a failure's name are still just texts.
    expect(decodeCompactJws(`e30.${base64UrlEncode(new TextEncoder().encode('utf8'))}.AA`, limits)).toBe('json');
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
