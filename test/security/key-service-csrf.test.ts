/**
 * Cross-site request forgery against the key service: a page on another site can make a browser
 * send a form post or a "simple" request with the subscriber's cookies. Every call
 * with a body must be JSON (415 otherwise), and one a browser marks as cross-site (Sec-Fetch-Site) must come
 * from an origin in `cors` (403 otherwise). Reads are not state-changing: a cross-site page cannot
 * read their answers without CORS.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP, setUpService } from '../service/harness.js';

const GENERATE = `https://portal.example.com/api/am/devportal/v3/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`;
const APP = `https://portal.example.com/api/am/devportal/v3/applications/${DEFAULT_APP.uuid}`;

describe('the key service refuses forged state-changing calls', () => {
  it.each([
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }, 'validityPeriod=-1'],
    ['a multipart form', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
    ['a text/plain "simple" request carrying JSON', { 'content-type': 'text/plain' }, '{}'],
    ['no content type', {}, '{}'],
    ['a look-alike type', { 'content-type': 'application/jsonp' }, '{}'],
  ])('%s: 415, no key issued', async (_what, headers, body) => {
    const s = await setUpService();
    const answer = await s.service(new Request(GENERATE, { method: 'POST', headers: { authorization: 'Bearer kanchana', ...headers }, body }));
    expect(answer.status).toBe(415);
    expect(((await answer.json()) as { description: string }).description).toMatch(/with a body must be sent with Content-Type: application\/json/);
    expect(s.inventory.list(DEFAULT_APP.uuid)).toEqual([]);
  });

  it('a PUT needs the JSON content type too; a cross-site DELETE is refused by Sec-Fetch-Site (no form can send either)', async () => {
    const s = await setUpService();
    const put = await s.service(new Request(APP, { method: 'PUT', headers: { authorization: 'Bearer kanchana' }, body: '{"name":"x","throttlingPolicy":"Unlimited"}' }));
    expect(put.status).toBe(415);
    const crossSite = await s.service(new Request(APP, { method: 'DELETE', headers: { authorization: 'Bearer kanchana', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.org' } }));
    expect(crossSite.status).toBe(403);
    expect(s.applications.find(DEFAULT_APP.uuid)).toMatchObject({ name: 'DefaultApplication' });
    const own = await s.service(new Request(APP, { method: 'DELETE', headers: { authorization: 'Bearer kanchana', 'sec-fetch-site': 'same-origin' } }));
    expect(own.status).toBe(200);
  });

  it('a cross-site call is refused (403) unless its origin is in cors; same-origin calls pass', async () => {
    const s = await setUpService();
    const call = (site: string, origin: string) => s.service(new Request(GENERATE, {
      method: 'POST', body: '{}',
      headers: { authorization: 'Bearer kanchana', 'content-type': 'application/json', 'sec-fetch-site': site, origin },
    }));
    expect((await call('cross-site', 'https://evil.example.org')).status).toBe(403);
    expect((await call('same-site', 'https://other.example.com')).status).toBe(403);
    expect((await call('same-origin', 'https://portal.example.com')).status).toBe(200);
    expect((await call('none', 'null')).status).toBe(200);
    expect(s.inventory.list(DEFAULT_APP.uuid)).toHaveLength(2);

    const withCors = await setUpService({ cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });
    const allowed = await withCors.service(new Request(GENERATE, {
      method: 'POST', body: '{}',
      headers: { authorization: 'Bearer kanchana', 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://app.example.com' },
    }));
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('answers preflights for the cors origins only, before authentication', async () => {
    const s = await setUpService({ cors: { allowOrigins: ['https://app.example.com'] } });
    const preflight = (origin: string) => s.service(new Request(GENERATE, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    }));
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('https://evil.example.org');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const without = await (await setUpService()).service(new Request(GENERATE, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } }));
    expect(without.headers.get('access-control-allow-origin')).toBeNull();
  });
});
