import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCors } from '../../src/gateway/index.js';
import { corsHeaders } from '../../src/fetch/index.js';
import { createNodeMiddleware } from '../../src/node/index.js';
import { PIZZA, pizzaGateway } from '../helpers/fixtures.js';
import { listen, type TestServer } from '../helpers/http.js';
import { expectKeygateError } from '../helpers/errors.js';

/*
 * CORS lets a page on another origin read the answers: an origin that is not allowed must never
 * get `Access-Control-Allow-Origin`, the header must never echo what the client sent, and
 * credentials never go with `*`.
 */

const ALLOWED = 'https://app.example.com';
const policy = { options: { allowOrigins: [ALLOWED, 'http://localhost:3000'], allowCredentials: true }, keyHeader: 'apikey' } as const;

const nearMisses = fc.oneof(
  fc.constantFrom(
    'https://app.example.com.evil.example',
    'https://evil.example/https://app.example.com',
    'https://app.example.co',
    'https://xapp.example.com',
    'http://app.example.com',
    'https://app.example.com:443',
    'https://app.example.com/',
    ' https://app.example.com',
    'https://app.example.com\r\nset-cookie: a=b',
    'null',
    '*',
    'https://*.example.com',
    'http://localhost:30000',
    'http://localhost',
  ),
  fc.webUrl().map((url) => new URL(url).origin),
  fc.string(),
);

describe('security: CORS origins', () => {
  it('allows exactly the listed origins (any letter case), answering with the listed text', () => {
    fc.assert(
      fc.property(nearMisses, (origin) => {
        const headers = corsHeaders(policy, origin, false);
        const listed = [ALLOWED, 'http://localhost:3000'].find((o) => o === origin.toLowerCase());
        if (listed === undefined) {
          expect(headers).toEqual({ vary: 'Origin' });
        } else {
          expect(headers['access-control-allow-origin']).toBe(listed);
          expect(headers['access-control-allow-credentials']).toBe('true');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers "*" together with credentials, and refuses to be configured so', () => {
    expectKeygateError(() => createCors({ allowCredentials: true }), 'ERR_INVALID_OPTION', 'never "*" with credentials');
    expectKeygateError(() => createCors({ allowCredentials: true, allowOrigins: ['*', ALLOWED] }), 'ERR_INVALID_OPTION', 'never "*" with credentials');
    fc.assert(
      fc.property(nearMisses, fc.boolean(), (origin, preflight) => {
        const any = corsHeaders({ options: {}, keyHeader: 'apikey' }, origin, preflight);
        expect(any['access-control-allow-origin']).toBe('*');
        expect(any['access-control-allow-credentials']).toBeUndefined();
      }),
    );
  });

  describe('through the Node middleware', () => {
    let server: TestServer;
    beforeAll(async () => {
      const gw = await pizzaGateway({ apis: [PIZZA], cors: createCors(policy.options) });
      const middleware = createNodeMiddleware(gw.validator);
      server = await listen((req, res) => middleware(req, res, () => res.end('menu')));
    });
    afterAll(() => server.close());

    it.each(['https://app.example.com.evil.example', 'null', 'http://app.example.com', 'https://evil.example'])('gives %s no Access-Control-Allow-Origin, on a refusal or a preflight', async (origin) => {
      const refused = await fetch(`${server.origin}/pizzashack/1.0.0/menu`, { headers: { origin } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await fetch(`${server.origin}/pizzashack/1.0.0/menu`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    });

    it('answers the listed origin with itself and credentials', async () => {
      const preflight = await fetch(`${server.origin}/pizzashack/1.0.0/menu`, { method: 'OPTIONS', headers: { origin: 'HTTPS://APP.EXAMPLE.COM', 'access-control-request-method': 'GET' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    });
  });
});
