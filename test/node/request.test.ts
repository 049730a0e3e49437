import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNodeRequest, type NodeRequestLike } from '../../src/node/index.js';

const req = (overrides: Partial<NodeRequestLike>): NodeRequestLike => ({ url: '/', method: 'GET', headers: {}, ...overrides });

describe('readNodeRequest', () => {
  it('builds the URL from the Host header, the request line and the socket', () => {
    const view = readNodeRequest(req({ url: '/pizzashack/1.0.0/menu?a=1', headers: { host: 'gw.example.com:8243' }, socket: { remoteAddress: '::ffff:10.0.0.9', encrypted: true } }));
    expect(view.request.url).toBe('https://gw.example.com:8243/pizzashack/1.0.0/menu?a=1');
    expect(view.request.method).toBe('GET');
    expect(view.context).toEqual({ clientIp: '::ffff:10.0.0.9' });
    expect(view.pathIsNormal).toBe(true);
  });

  it('prefers Express\'s originalUrl, which keeps the mount path', () => {
    expect(readNodeRequest(req({ url: '/menu', originalUrl: '/pizzashack/1.0.0/menu' })).request.url).toBe('http://localhost/pizzashack/1.0.0/menu');
  });

  it('takes only path and query from an absolute-form target', () => {
    expect(readNodeRequest(req({ url: 'http://other.example/pizzashack/1.0.0/menu?x=1', headers: { host: 'gw' } })).request.url).toBe('http://gw/pizzashack/1.0.0/menu?x=1');
  });

  it('never lets the Host header change the path', () => {
    const view = readNodeRequest(req({ url: '/admin', headers: { host: 'evil/pizzashack/1.0.0/menu?' } }));
    expect(new URL(view.request.url).pathname).toBe('/admin');
  });

  it('keeps a path starting with // as a path', () => {
    expect(new URL(readNodeRequest(req({ url: '//evil.example/pizzashack/1.0.0/menu' })).request.url).pathname).toBe('//evil.example/pizzashack/1.0.0/menu');
  });

  it.each(['/a/../pizzashack/1.0.0/menu', '/pizzashack/1.0.0/%2E%2e/x', '/pizzashack/./1.0.0', '/pizzashack\\1.0.0', '/a/%2e'])('flags %s as not normal', (url) => {
    expect(readNodeRequest(req({ url })).pathIsNormal).toBe(false);
  });

  it('property: the path the validator sees is the path the router sees, or the request is flagged', () => {
    const segment = fc.constantFrom('a', '..', '.', '%2e', '%2E%2e', 'x y', '%41', 'b:c', '@', ';', '', '~');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.string({ maxLength: 6 }), (segments, host) => {
        const path = `/${segments.join('/')}`;
        const view = readNodeRequest(req({ url: `${path}?q=1`, headers: { host } }));
        if (!view.pathIsNormal) return;
        const seen = new URL(view.request.url).pathname;
        expect(decodeURIComponent(seen)).toBe(decodeURIComponent(path.replaceAll(' ', '%20')));
      }),
    );
  });

  it('has no client IP without a socket', () => {
    expect(readNodeRequest(req({ socket: null })).context).toEqual({});
  });
});
