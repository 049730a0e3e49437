import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCors, createMemoryApplicationStore, createResourceMatcher } from '../../src/gateway/index.js';
import { APP_UUID, MENU_URL, PIZZA, pizzaGateway } from '../helpers/fixtures.js';

/** Pieces that look like parts of a JWT, so the fuzzer reaches past the first checks. */
const segment = fc.oneof(
  fc.string(),
  fc.base64String().map((s) => s.replace(/\+/g, '-').replace(/\//g, '_')),
  fc.json().map((j) => btoa(j).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
  fc.constantFrom('eyJhbGciOiJSUzI1NiJ9', 'eyJhbGciOiJub25lIn0', 'e30', ''),
);
const tokenish = fc.oneof(fc.string(), fc.tuple(segment, segment, segment).map((parts) => parts.join('.')));

describe('validate under arbitrary input', () => {
  it('never throws and never accepts arbitrary header and query values', async () => {
    const gw = await pizzaGateway();
    const valid = await gw.issue();
    await fc.assert(
      fc.asyncProperty(tokenish, fc.string(), fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 50 })), async (key, query, extra) => {
        fc.pre(key.trim() !== valid);
        let url = MENU_URL;
        try {
          url = `${MENU_URL}?apikey=${encodeURIComponent(query)}`;
        } catch {
          // lone surrogates cannot be URI-encoded: keep the bare URL
        }
        const headers: Record<string, string> = { ...extra, apikey: key };
        const r = await gw.validator.validate({ url, headers });
        expect(r.ok).toBe(false);
        const q = await gw.validator.validate({ url: `${MENU_URL}?apikey=${query}`, headers: extra });
        expect(q.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on hostile request objects', async () => {
    const gw = await pizzaGateway();
    for (const request of [null, undefined, {}, { url: 5, headers: {} }, { url: '::::', headers: {} }, { url: MENU_URL }, 'str']) {
      const r = await gw.validator.validate(request as never);
      expect(r.ok).toBe(false);
    }
  });

  it('with the data model: any path, method and key answers a typed result, and only the open resource passes without a key', async () => {
    const gw = await pizzaGateway({
      apis: [{ ...PIZZA, keyTypes: ['PRODUCTION'], resources: [{ path: '/menu', methods: ['GET'], auth: 'none' }, { path: '/order/{id}', methods: ['GET', 'PUT'] }, { path: '/admin/*', methods: ['GET'] }] }],
      resources: createResourceMatcher(),
      applications: createMemoryApplicationStore([{ uuid: APP_UUID, name: 'DefaultApplication' }]),
      cors: createCors({ allowOrigins: ['https://app.example.com'] }),
    });
    const valid = await gw.issue();
    const pathPart = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('menu', 'order', 'admin', '..', '.', '%2e%2e', '%2F', '', '{id}', '*'));
    await fc.assert(
      fc.asyncProperty(fc.array(pathPart, { maxLength: 5 }), fc.oneof(fc.constantFrom('GET', 'PUT', 'get', 'OPTIONS', 'DELETE'), fc.string({ maxLength: 12 })), tokenish, async (parts, method, key) => {
        fc.pre(key.trim() !== valid);
        const url = `https://gw.example.com/pizzashack/1.0.0/${parts.join('/')}`;
        const headers = { apikey: key, origin: 'https://app.example.com' };
        const r = await gw.validator.validate({ url, method, headers });
        // Without a valid key, only GET /menu (or /menu/) of this very API passes.
        if (r.ok) expect([r.authenticated, r.resource?.path, method.toUpperCase()]).toEqual([false, '/menu', 'GET']);
        expect(() => gw.validator.cors({ url, method, headers })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
