import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type Validator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { APP_UUID, sharedKeyPair } from '../helpers/fixtures.js';
import { rawRequest, SERVERS, type RunningServer } from './servers.js';

/*
 * Finding: absolute-form request targets (`GET http://x/admin/v1/../../public/v1/x`) bypassed the
 * subscription check. The adapter judged the path after URL parsing (`/public/v1/x`) while the
 * router served the raw one (`/admin/v1/...`). Every target whose path a URL parser would rewrite
 * is now refused, in every adapter and by `validate({ url })` itself. So is every target whose
 * authority two parsers split apart (`http://a:b/x`: the path is `/x` to the WHATWG parser and
 * `/:b/x` to Express's), which the Node adapters judged by the path after the authority.
 */

const PUBLIC = { name: 'Public', context: '/public', version: 'v1' };
const ADMIN = { name: 'Admin', context: '/admin', version: 'v1' };
const ROUTES = ['/public/v1', '/admin/v1'];

let validator: Validator;
let key: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  const { publicKey, privateKey } = await sharedKeyPair();
  const subscriptions = createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: '/public', apiVersion: 'v1' }]);
  validator = createValidator({ keys: [publicKey], subscriptions, apis: [PUBLIC, ADMIN] });
  key = await issueKey({ signingKey: privateKey, subject: 'mallory', application: { uuid: APP_UUID, id: 1 } });
  for (const start of Object.values(SERVERS)) running.push(await start(validator, ROUTES));
});
afterAll(async () => {
  for (const server of running) await server.close();
});

const ATTACKS = [
  'http://x/admin/v1/../../public/v1/x',
  'http://x/admin/v1/users/%2e%2e/%2e%2e/%2e%2e/public/v1/',
  'http://x/admin/v1/users/.%2E/%2E./.%2e/public/v1/',
  'HTTP://x/admin/v1/./../../public/v1/x',
  'http://x:80/admin/v1/..%2f..%2f/../../public/v1/x',
  '/admin/v1/../../public/v1/x',
  '/admin/v1/users/%2e%2e/%2e%2e/%2e%2e/public/v1/',
  '/admin/v1/..\\..\\public/v1/x',
  '//x/admin/v1/../../public/v1/x',
  // Authorities the WHATWG parser and Node's legacy one (Express) split apart: `/public/v1/x` to one, `/:b/public/v1/x` to the other.
  'http://a:b/public/v1/x',
  'http://x.y:80:90/public/v1/x',
  'http://x:[/public/v1/x',
  'http:///public/v1/x',
];

describe('security: absolute-form and dot-segment request targets', () => {
  for (const name of Object.keys(SERVERS)) {
    describe(name, () => {
      const server = () => running.find((s) => s.name === name)!;

      it.each(ATTACKS)('never runs the admin route for %s', async (target) => {
        const { status, body } = await rawRequest(server().port, target, [['apikey', key]]);
        expect(body).not.toContain('"route":"/admin/v1"');
        // The router may refuse the target itself (400); keygate refuses it as 404 900906.
        if (status !== 400) {
          expect(status).toBe(404);
          expect(JSON.parse(body)).toMatchObject({ code: '900906' });
        }
      });

      it('still serves the subscribed API and refuses the other (controls)', async () => {
        const ok = await rawRequest(server().port, '/public/v1/x', [['apikey', key]]);
        expect([ok.status, JSON.parse(ok.body).route]).toEqual([200, '/public/v1']);
        const admin = await rawRequest(server().port, '/admin/v1/x', [['apikey', key]]);
        expect([admin.status, JSON.parse(admin.body).code]).toEqual([403, '900908']);
      });

      it('judges a plain absolute-form target by its path, as the router does', async () => {
        const admin = await rawRequest(server().port, 'http://x/admin/v1/x', [['apikey', key]]);
        expect(admin.body).not.toContain('"route":"/admin/v1"');
      });
    });
  }
});

describe('security: validate({ url }) with a raw target', () => {
  const call = (url: string, v: Validator = validator) => v.validate({ url, headers: { apikey: key } });

  it.each(ATTACKS)('refuses %s (404 ambiguous_path) by default', async (url) => {
    expect(await call(url)).toMatchObject({ ok: false, status: 404, code: 900906, reason: 'ambiguous_path' });
  });

  it('accepts plain and percent-escaped paths, relative or absolute', async () => {
    expect((await call('/public/v1/x')).ok).toBe(true);
    expect((await call('http://gw:8080/public/v1/a%20b?x=1')).ok).toBe(true);
    expect((await call('https://[::1]/public/v1/x')).ok).toBe(true);
  });

  it('strictPaths: false judges the parsed path instead (servers that route on it)', async () => {
    const { publicKey } = await sharedKeyPair();
    const lenient = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: '/public', apiVersion: 'v1' }]),
      apis: [PUBLIC, ADMIN],
      strictPaths: false,
    });
    expect((await call('/admin/v1/../../public/v1/x', lenient)).ok).toBe(true);
    expect(() => createValidator({ keys: [publicKey], subscriptions: createMemorySubscriptionStore([]), apis: [PUBLIC], strictPaths: 'no' as never })).toThrow(/strictPaths/);
  });
});
