import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hideCredentials, removeQueryParam } from '../../src/adapters/hide-credentials.js';
import type { CredentialLocation } from '../../src/index.js';

const LOCATION: CredentialLocation = { foundIn: 'header', header: 'apikey', queryParam: 'apikey' };
const entries = (url: string) => [...new URL(url, 'http://x').searchParams];

describe('removeQueryParam', () => {
  it('removes the parameter and keeps every other byte', () => {
    expect(removeQueryParam('/menu?a=1&apikey=k.e.y&b=%20+x', 'apikey')).toBe('/menu?a=1&b=%20+x');
    expect(removeQueryParam('https://gw/menu?apikey=abc', 'apikey')).toBe('https://gw/menu');
    expect(removeQueryParam('/menu?apikey=1&apikey=2#frag', 'apikey')).toBe('/menu#frag');
    expect(removeQueryParam('/menu?a=1&&b', 'apikey')).toBe('/menu?a=1&&b');
  });

  it('removes every spelling URLSearchParams decodes to the name', () => {
    expect(removeQueryParam('/m?api%6Bey=1&x=2', 'apikey')).toBe('/m?x=2');
    expect(removeQueryParam('/m?api+key=1&x=2', 'api key')).toBe('/m?x=2');
  });

  it('returns the same string when there is nothing to remove or the query form is off', () => {
    const url = '/menu?a=1';
    expect(removeQueryParam(url, 'apikey')).toBe(url);
    expect(removeQueryParam('/menu?apikey=1', false)).toBe('/menu?apikey=1');
    expect(removeQueryParam('/menu', 'apikey')).toBe('/menu');
  });

  it('property: the key is gone and the other parameters are kept in order', () => {
    const name = fc.constantFrom('apikey', 'api%6bey', 'a', 'b', 'api+key', '', '%zz', '?apikey');
    const piece = fc.tuple(name, fc.option(fc.string({ maxLength: 8 }).map(encodeURIComponent))).map(([n, v]) => (v === null ? n : `${n}=${v}`));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.boolean(), (pieces, hash) => {
        const url = `/p?${pieces.join('&')}${hash ? '#h' : ''}`;
        const out = removeQueryParam(url, 'apikey');
        expect(new URL(out, 'http://x').searchParams.has('apikey')).toBe(false);
        expect(entries(out)).toEqual(entries(url).filter(([k]) => k !== 'apikey'));
        expect(out.endsWith('#h')).toBe(hash);
      }),
    );
  });
});

describe('hideCredentials', () => {
  it('removes the key header, any letter case', () => {
    const request = new Request('https://gw/menu?a=1', { headers: { APIKey: 'k', accept: 'text/plain' } });
    const hidden = hideCredentials(request, LOCATION);
    expect(hidden.headers.has('apikey')).toBe(false);
    expect(hidden.headers.get('accept')).toBe('text/plain');
    expect(hidden.url).toBe('https://gw/menu?a=1');
  });

  it('removes the key when it is the only header (Bun keeps headers given as an empty init)', () => {
    const hidden = hideCredentials(new Request('https://gw/menu', { headers: { apikey: 'k' } }), LOCATION);
    expect([...hidden.headers.keys()]).toEqual([]);
  });

  it('removes the query parameter and keeps method and body', async () => {
    const request = new Request('https://gw/menu?apikey=k&a=1', { method: 'POST', body: 'order', headers: { 'x-a': '1' } });
    const hidden = hideCredentials(request, LOCATION);
    expect(hidden.url).toBe('https://gw/menu?a=1');
    expect(hidden.method).toBe('POST');
    expect(hidden.headers.get('x-a')).toBe('1');
    expect(await hidden.text()).toBe('order');
  });

  it('uses the header and parameter names of the location', () => {
    const request = new Request('https://gw/m?key=1&apikey=2', { headers: { 'x-api-key': 'k', apikey: 'other' } });
    const hidden = hideCredentials(request, { foundIn: 'query', header: 'x-api-key', queryParam: 'key' });
    expect(hidden.url).toBe('https://gw/m?apikey=2');
    expect([...hidden.headers.keys()]).toEqual(['apikey']);
  });

  it('removes a header key in place where the runtime allows it (no copy), from every reference', () => {
    const request = new Request('https://gw/menu?a=1', { headers: { apikey: 'k', accept: 'x' } });
    const hidden = hideCredentials(request, LOCATION);
    expect(hidden).toBe(request);
    expect([request.headers.has('apikey'), request.headers.get('accept')]).toEqual([false, 'x']);
  });

  it('copies a request whose headers are immutable (Deno.serve), leaving the original as it was', () => {
    const request = new Request('https://gw/menu', { headers: { apikey: 'k' } });
    const frozen = new Proxy(request.headers, {
      get(target, name) {
        if (name === 'delete' || name === 'set') return () => { throw new TypeError('Headers are immutable'); };
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    Object.defineProperty(request, 'headers', { value: frozen });
    const hidden = hideCredentials(request, LOCATION);
    expect(hidden).not.toBe(request);
    expect(hidden.headers.has('apikey')).toBe(false);
  });

  it('gives back the same request when it carries no key', () => {
    const request = new Request('https://gw/menu?a=1');
    expect(hideCredentials(request, LOCATION)).toBe(request);
  });
});
