import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNodeRequest, type NodeRequestLike } from '../../src/node/index.js';

const req = (overrides: Partial<NodeRequestLike>): NodeRequestLike => ({ url: '/', method: 'GET', headers: {}, ...overrides });

describe('readNodeRequest', () => {
  it('passes the request line\'s target as sent (origin-form), the method and the socket address', () => {
    const view = readNodeRequest(req({ url: '/pizzashack/1.0.0/menu?a=1', headers: { host: 'gw.example.com:8243' }, socket: { remoteAddress: '::ffff:10.0.0.9', encrypted: true } }));
    expect(view.request.url).toBe('/pizzashack/1.0.0/menu?a=1');
    expect(view.request.method).toBe('GET');
    expect(view.context).toEqual({ clientIp: '::ffff:10.0.0.9' });
    expect(view.pathIsNormal).toBe(true);
  });

  it('prefers Express\'s originalUrl, which keeps the mount path', () => {
    expect(readNodeRequest(req({ url: '/menu', originalUrl: '/pizzashack/1.0.0/menu' })).request.url).toBe('/pizzashack/1.0.0/menu');
  });

  it('takes path and query from an absolute-form target, as sent', () => {
    expect(readNodeRequest(req({ url: 'http://other.example/pizzashack/1.0.0/menu?x=1#f', headers: { host: 'gw' } })).request.url).toBe('/pizzashack/1.0.0/menu?x=1');
    expect(readNodeRequest(req({ url: 'https://[::1]:8443?x=1' })).request.url).toBe('/?x=1');
    const dotted = readNodeRequest(req({ url: 'http://x/a/../pizzashack/1.0.0/menu' }));
    expect([dotted.request.url, dotted.pathIsNormal]).toEqual(['/a/../pizzashack/1.0.0/menu', false]);
  });

  it('never lets the Host header change the path', () => {
    const view = readNodeRequest(req({ url: '/admin', headers: { host: 'evil/pizzashack/1.0.0/menu?' } }));
    expect(view.request.url).toBe('/admin');
  });

  it.each(['//evil.example/pizzashack/1.0.0/menu', 'http://a\\b/pizzashack/1.0.0/menu', 'http://u@evil/pizzashack/1.0.0/menu', '*', 'gw:443'])(
    'flags %s, whose path parsers read apart',
    (url) => {
      expect(readNodeRequest(req({ url })).pathIsNormal).toBe(false);
    },
  );

  it.each(['/a/../pizzashack/1.0.0/menu', '/pizzashack/1.0.0/%2E%2e/x', '/pizzashack/./1.0.0', '/pizzashack\\1.0.0', '/a/%2e', 'http://x/a/%2e%2E/b'])('flags %s as not normal', (url) => {
    expect(readNodeRequest(req({ url })).pathIsNormal).toBe(false);
  });

  it('property: the path the validator sees is the path the router sees, or the request is flagged', () => {
    const segment = fc.constantFrom('a', '..', '.', '%2e', '%2E%2e', 'x y', '%41', 'b:c', '@', ';', '', '~', '\\');
    const origin = fc.constantFrom('', 'http://h', 'https://h:8443', 'HTTP://[::1]');
    fc.assert(
      fc.property(origin, fc.array(segment, { maxLength: 6 }), (prefix, segments) => {
        const path = `/${segments.join('/')}`;
        const view = readNodeRequest(req({ url: `${prefix}${path}?q=1` }));
        if (!view.pathIsNormal) return;
        expect(view.request.url).toBe(`${path}?q=1`);
        expect(new URL(view.request.url, 'http://localhost').pathname).toBe(path);
      }),
    );
  });

  it('has no client IP without a socket', () => {
    expect(readNodeRequest(req({ socket: null })).context).toEqual({});
  });
});
