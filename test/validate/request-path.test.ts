import { parse } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathAsSent, pathIfCanonical, plainRequestPath } from '../../src/validate/request-path.js';

const whatwgPath = (url: string): string | undefined => {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
};

describe('plainRequestPath', () => {
  it('reads the path of plain relative and absolute http(s) URLs', () => {
    expect(plainRequestPath('/pizzashack/1.0.0/menu?apikey=x#top')).toBe('/pizzashack/1.0.0/menu');
    expect(plainRequestPath('https://gw.example.com:8243/pizzashack/1.0.0/menu')).toBe('/pizzashack/1.0.0/menu');
    expect(plainRequestPath('http://localhost')).toBe('/');
    expect(plainRequestPath('http://localhost?x=1')).toBe('/');
    expect(plainRequestPath('/')).toBe('/');
    // Servers build URLs from their socket's address: a canonical dotted quad is plain too.
    expect(plainRequestPath('http://127.0.0.1:8080/pizzashack/1.0.0/menu')).toBe('/pizzashack/1.0.0/menu');
    expect(plainRequestPath('https://255.255.255.255/x')).toBe('/x');
    expect(plainRequestPath('https://[::1]:8443/x')).toBe('/x');
  });

  it('reads the path whatever the host, which keygate never routes on', () => {
    // Hosts URL parsing reads as another number or refuses: the path is the same either way.
    for (const host of ['0x7f.1', '010.0.0.1', '1.2.3', '1.2.3.256', '1.2.3.4.5', '1.2.3.4.', 'gw.example.com:99999', 'gw.example.com:']) {
      expect(plainRequestPath(`https://${host}/pizzashack/menu`), host).toBe('/pizzashack/menu');
    }
  });

  it('leaves anything URL parsing would change or reject to URL parsing', () => {
    for (const url of [
      '/a/../pizzashack/menu',
      '/pizzashack/./menu',
      '/pizzashack/%2e%2e/menu',
      '/pizza shack',
      '/pizza\\shack',
      '//evil.example/pizzashack',
      '/\\evil.example/pizzashack',
      'https://user@gw.example.com/x',
      'https://gw.example.com\\x/y',
      'https://gw.example.com%2f/x',
      'http:///x', // no host: URL parsing takes `x` for one
      'HTTPS://gw.example.com/x',
      'ftp://gw.example.com/x',
      '/caf\u00e9',
      ' /x',
    ]) {
      expect(plainRequestPath(url), url).toBeUndefined();
    }
  });

  it('agrees with the WHATWG URL parser whenever both answer, and reads the path as sent', () => {
    const unit = fc.constantFrom(...'/.?#%2eaZ09:@-_~!$&\'()*+,;=\\ \t[]<>`{}|"^\u00e9'.split(''));
    const tail = fc.string({ unit, maxLength: 24 });
    const host = fc.constantFrom(
      'gw.local', 'GW.Example.com', 'a-b.c0', '1.2.3.4', 'x.9', 'h:8243', 'h:0', 'h:65536', '', 'h.', '[::1]',
      '127.0.0.1:8080', '0.0.0.0', '1.2.3.999', '01.2.3.4', '1.2.3', '1.2.3.4.', '4294967295', '1.2.3.04',
    );
    const url = fc.oneof(
      tail.map((t) => `/${t}`),
      fc.tuple(fc.constantFrom('http://', 'https://'), host, tail).map(([s, h, t]) => `${s}${h}${t}`),
      tail,
    );
    let answered = 0;
    fc.assert(
      fc.property(url, (text) => {
        const plain = plainRequestPath(text);
        if (plain === undefined) return;
        answered++;
        expect(plain).toBe(pathAsSent(text) || '/');
        const parsed = whatwgPath(text);
        if (parsed !== undefined) expect(plain).toBe(parsed);
      }),
      { numRuns: 20_000 },
    );
    expect(answered).toBeGreaterThan(2000); // the fast path is really exercised
  });
});

describe('pathAsSent', () => {
  it('reads the path of origin-form and absolute-form targets as sent', () => {
    expect(pathAsSent('/a/../b?q#f')).toBe('/a/../b');
    expect(pathAsSent('http://[::1]:8080/x?q')).toBe('/x');
    expect(pathAsSent('HTTP://gw.example.com')).toBe('');
    expect(pathAsSent('ws://gw_1.example.com#f')).toBe('');
    expect(pathAsSent('http://gw.example.com:/x')).toBe('/x');
  });

  it('refuses authorities that parsers split apart, and the host-less `http:///x`', () => {
    // `http://a:b/x`: `/x` to the WHATWG parser (which refuses it), `/:b/x` to Node's legacy one (Express's router).
    for (const target of ['http://a:b/x', 'http://a.b:80:90/x', 'http://x:[/x', 'http://[zz]/x', 'http://[::1/x', 'http://h]/x', 'http:///x']) {
      expect(pathAsSent(target), target).toBeUndefined();
      expect(plainRequestPath(target), target).toBeUndefined();
      expect(pathIfCanonical(target), target).toBeUndefined();
    }
  });

  it("starts the path where both the WHATWG parser and Node's legacy parser (Express's router) start it", () => {
    const unit = fc.constantFrom(...'aZ09._-:[]@%\\;= x!$~'.split(''));
    const target = fc.tuple(fc.constantFrom('http://', 'https://'), fc.string({ unit, maxLength: 10 }), fc.constantFrom('/p/q', '', '?a=/b', '#/f')).map(([s, a, p]) => s + a + p);
    let answered = 0;
    fc.assert(
      fc.property(target, (t) => {
        const sent = pathAsSent(t);
        if (sent === undefined) return;
        answered++;
        expect(parse(t).pathname ?? '/', t).toBe(sent || '/');
        const whatwg = whatwgPath(t);
        if (whatwg !== undefined) expect(whatwg, t).toBe(sent || '/');
      }),
      { numRuns: 20_000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it('refuses targets without a path and authorities parsers read apart', () => {
    for (const target of ['*', 'gw.example.com:443', '', 'http:/x', '1http://h/x', 'http://user@h/x', 'http://h\\x/y', 'http://h%2f/x', 'http://h x/y', 'http://h\u00e9/x']) {
      expect(pathAsSent(target), target).toBeUndefined();
    }
  });
});
