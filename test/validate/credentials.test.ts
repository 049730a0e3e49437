import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, KeygateError } from '../../src/index.js';
import { hideCredentials } from '../../src/fetch/index.js';
import { credentialOf } from '../../src/validate/credentials.js';
import { APP_UUID, PIZZA, pizzaGateway, sharedKeyPair } from '../helpers/fixtures.js';

describe('credentialOf (Authorization: <scheme> <credential>)', () => {
  it('reads the credential of the given scheme, case-insensitively, trimmed', () => {
    expect(credentialOf('Bearer abc.def.ghi', 'Bearer')).toBe('abc.def.ghi');
    expect(credentialOf('bearer   abc ', 'Bearer')).toBe('abc');
    expect(credentialOf('  BEARER x', 'Bearer')).toBe('x');
  });

  it('answers undefined for another scheme, no credential, or a scheme that only starts the same', () => {
    for (const value of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearerx abc', 'Bearer\tabc', '']) {
      expect(credentialOf(value, 'Bearer'), String(value)).toBeUndefined();
    }
  });

  it('property: what it reads back is what was written after the scheme', () => {
    const credential = fc.string({ unit: fc.constantFrom(...'AZaz09._~+/=-'.split('')), minLength: 1, maxLength: 40 });
    fc.assert(fc.property(credential, fc.constantFrom('Bearer', 'bearer', 'BEARER'), (c, s) => {
      expect(credentialOf(`${s} ${c}`, 'Bearer')).toBe(c);
    }));
  });
});

describe('keys in Authorization: Bearer', () => {
  it('are read when the validator takes them (authScheme), after the key header and before the query', async () => {
    const gw = await pizzaGateway({ authScheme: 'Bearer' });
    const key = await gw.issue();
    const bearer = await gw.validator.validate(new Request('https://gw/pizzashack/1.0.0/menu', { headers: { authorization: `Bearer ${key}` } }));
    expect(bearer.ok && bearer.credential).toEqual({ foundIn: 'authorization', header: 'apikey', authScheme: 'Bearer', queryParam: 'apikey' });
    const both = await gw.validator.validate(new Request('https://gw/pizzashack/1.0.0/menu', { headers: { authorization: 'Bearer not.a.key', apikey: key } }));
    expect(both.ok && both.credential.foundIn).toBe('header');
  });

  it('are not read by default: 401 900902, and the description names where a key goes', async () => {
    const gw = await pizzaGateway();
    const r = await gw.validator.validate(new Request('https://gw/pizzashack/1.0.0/menu', { headers: { authorization: `Bearer ${await gw.issue()}` } }));
    expect(r).toMatchObject({ ok: false, status: 401, code: 900902 });
    const withBearer = await pizzaGateway({ authScheme: 'Bearer', queryParam: false });
    const missing = await withBearer.validator.validate(new Request('https://gw/pizzashack/1.0.0/menu'));
    expect(!missing.ok && missing.description).toBe('Make sure the call carries an API key in the "apikey" header or "Authorization: Bearer <key>"');
  });

  it('per API: an API can take Bearer keys when the validator does not, and the other way round', async () => {
    const { publicKey } = await sharedKeyPair();
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([
        { applicationUuid: APP_UUID, apiContext: '/pizzashack', apiVersion: '1.0.0' },
        { applicationUuid: APP_UUID, apiContext: '/orders', apiVersion: 'v1' },
      ]),
      apis: [{ ...PIZZA, authScheme: 'Bearer' }, { name: 'Orders', context: '/orders', version: 'v1' }],
    });
    const call = (path: string) => validator.validate(new Request(`https://gw${path}`, { headers: { authorization: `Bearer ${key}` } }));
    expect((await call('/pizzashack/1.0.0/menu')).ok).toBe(true);
    expect(await call('/orders/v1/list')).toMatchObject({ ok: false, reason: 'missing_key' });
  });

  it('leave an Authorization header of another scheme to the upstream, and strip one of theirs', async () => {
    const gw = await pizzaGateway({ authScheme: 'Bearer' });
    const key = await gw.issue();
    const basic = new Request('https://gw/pizzashack/1.0.0/menu', { headers: { apikey: key, authorization: 'Basic dXNlcjpwYXNz' } });
    const accepted = await gw.validator.validate(basic);
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(hideCredentials(basic, accepted.credential).headers.get('authorization')).toBe('Basic dXNlcjpwYXNz');
    const bearer = new Request('https://gw/pizzashack/1.0.0/menu', { headers: { authorization: `Bearer ${key}` } });
    const viaBearer = await gw.validator.validate(bearer);
    if (!viaBearer.ok) throw new Error('refused');
    expect(hideCredentials(bearer, viaBearer.credential).headers.has('authorization')).toBe(false);
  });

  it('refuse bad settings at createValidator, and point header: "authorization" at authScheme', async () => {
    const { publicKey } = await sharedKeyPair();
    const build = (extra: object) => () => createValidator({ keys: [publicKey], subscriptions: createMemorySubscriptionStore([]), apis: [PIZZA], ...extra });
    expect(build({ header: 'Authorization' })).toThrow(/authScheme: 'Bearer'/);
    expect(build({ authScheme: 'Bearer x' })).toThrow(KeygateError);
    expect(build({ apis: [{ ...PIZZA, authScheme: '' }] })).toThrow(/apis\[0\]\.authScheme/);
  });
});
