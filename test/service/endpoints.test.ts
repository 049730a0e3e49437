/** Every endpoint of the key service, its answers compared field by field with WSO2's DTOs. */
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeKey } from '../../src/issue/index.js';
import { DEFAULT_APP, setUpService, type ServiceSetup } from './harness.js';
import { API_INFO, API_KEY, APPLICATION, APPLICATION_INFO, ERROR, listOf, shapeProblems, SUBSCRIPTION, THROTTLING_POLICY } from './wso2-dtos.js';

let s: ServiceSetup;
beforeEach(async () => {
  s = await setUpService();
});

const pizzaId = async (): Promise<string> => (await s.kanchana('GET', '/apis')).body.list.find((api: { name: string }) => api.name === 'PizzaShackAPI').id;

describe('APIs and throttling policies', () => {
  it('GET /apis lists the deployed APIs as WSO2 APIInfo, in a WSO2 list', async () => {
    const { status, body } = await s.kanchana('GET', '/apis');
    expect(status).toBe(200);
    expect(shapeProblems(body, listOf(API_INFO))).toEqual([]);
    expect(body.list.map((api: { name: string }) => api.name)).toEqual(['PizzaShackAPI', 'OldAPI']);
    expect(body.list[0]).toMatchObject({ context: '/pizzashack/1.0.0', version: '1.0.0', lifeCycleStatus: 'PUBLISHED', isSubscriptionAvailable: true, throttlingPolicies: ['Bronze', 'Silver', 'Gold', 'Unlimited'] });
    expect(body.list[1]).toMatchObject({ lifeCycleStatus: 'DEPRECATED', isSubscriptionAvailable: false });
    expect(body.pagination).toEqual({ offset: 0, limit: 25, total: 2, next: '', previous: '' });
  });

  it('GET /apis pages with offset and limit, linking the next and previous pages', async () => {
    const first = await s.kanchana('GET', '/apis?limit=1');
    expect(first.body).toMatchObject({ count: 1, pagination: { offset: 0, limit: 1, total: 2, next: '/api/am/devportal/v3/apis?limit=1&offset=1', previous: '' } });
    const second = await s.kanchana('GET', '/apis?limit=1&offset=1');
    expect(second.body.list[0].name).toBe('OldAPI');
    expect(second.body.pagination).toMatchObject({ next: '', previous: '/api/am/devportal/v3/apis?limit=1&offset=0' });
  });

  it('GET /apis/{apiId} answers one APIInfo; an unknown or undeployed id is 404', async () => {
    const id = await pizzaId();
    const { status, body } = await s.kanchana('GET', `/apis/${id}`);
    expect(status).toBe(200);
    expect(shapeProblems(body, API_INFO)).toEqual([]);
    expect(body.name).toBe('PizzaShackAPI');
    expect((await s.kanchana('GET', '/apis/nope')).status).toBe(404);
    const draft = Buffer.from(JSON.stringify(['/draft', 'v1'])).toString('base64url');
    expect((await s.kanchana('GET', `/apis/${draft}`)).status).toBe(404);
  });

  it('GET /throttling-policies/{subscription,application} lists WSO2 ThrottlingPolicy entries', async () => {
    const subscription = await s.kanchana('GET', '/throttling-policies/subscription');
    expect(shapeProblems(subscription.body, listOf(THROTTLING_POLICY))).toEqual([]);
    expect(subscription.body.list.find((p: { name: string }) => p.name === 'Gold')).toMatchObject({ requestCount: 5000, unitTime: 60000, policyLevel: 'subscription', stopOnQuotaReach: true });
    const application = await s.kanchana('GET', '/throttling-policies/application');
    expect(application.body.list.map((p: { name: string }) => p.name)).toEqual(['10PerMin', '20PerMin', '50PerMin', 'Unlimited']);
    expect(application.body.list.at(-1).requestCount).toBe(2147483647);
    const bad = await s.kanchana('GET', '/throttling-policies/api');
    expect(bad.status).toBe(400);
    expect(bad.body.error[0].message).toMatch(/^policyLevel: "api" is not one of subscription, application/);
  });
});

describe('applications', () => {
  it("GET /applications lists only the caller's applications, as ApplicationInfo, by name", async () => {
    await s.kanchana('POST', '/applications', { name: 'Another', throttlingPolicy: '10PerMin' });
    const { status, body } = await s.kanchana('GET', '/applications');
    expect(status).toBe(200);
    expect(shapeProblems(body, listOf(APPLICATION_INFO))).toEqual([]);
    expect(body.list.map((a: { name: string }) => a.name)).toEqual(['Another', 'DefaultApplication']);
    expect(body.list[1]).toEqual({
      applicationId: DEFAULT_APP.uuid, name: 'DefaultApplication', throttlingPolicy: 'Unlimited', description: '', status: 'APPROVED',
      groups: [], subscriptionCount: 1, attributes: {}, owner: 'kanchana',
    });
    expect((await s.guest('GET', '/applications')).body.list.map((a: { name: string }) => a.name)).toEqual(['GuestApplication']);
  });

  it('POST /applications creates one owned by the caller: 201, Location, a WSO2 Application', async () => {
    const { status, headers, body } = await s.kanchana('POST', '/applications', {
      name: 'Mobile', throttlingPolicy: '50PerMin', description: 'The phone app', tokenType: 'JWT', groups: [], attributes: { team: 'mobile' },
    });
    expect(status).toBe(201);
    expect(shapeProblems(body, APPLICATION)).toEqual([]);
    expect(body).toMatchObject({ name: 'Mobile', throttlingPolicy: '50PerMin', description: 'The phone app', owner: 'kanchana', status: 'APPROVED', subscriptionCount: 0, attributes: { team: 'mobile' } });
    expect(body.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('location')).toBe(`/api/am/devportal/v3/applications/${body.applicationId}`);
    expect(s.applications.find(body.applicationId)).toMatchObject({ owner: 'kanchana', tier: '50PerMin', description: 'The phone app' });
  });

  it('names are unique per subscriber (409), not across subscribers', async () => {
    const again = await s.kanchana('POST', '/applications', { name: 'defaultapplication', throttlingPolicy: 'Unlimited' });
    expect(again.status).toBe(409);
    expect(shapeProblems(again.body, ERROR)).toEqual([]);
    expect((await s.guest('POST', '/applications', { name: 'DefaultApplication', throttlingPolicy: 'Unlimited' })).status).toBe(201);
  });

  it('GET /applications/{id} answers the Application with its subscription count', async () => {
    const { status, body } = await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}`);
    expect(status).toBe(200);
    expect(shapeProblems(body, APPLICATION)).toEqual([]);
    expect(body).toMatchObject({ applicationId: DEFAULT_APP.uuid, tokenType: 'JWT', subscriptionCount: 1, keys: [], hashEnabled: false });
  });

  it('PUT /applications/{id} replaces name, policy, description and attributes; read-only fields sent back are ignored', async () => {
    const current = (await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}`)).body;
    const { status, body } = await s.kanchana('PUT', `/applications/${DEFAULT_APP.uuid}`, {
      ...current, name: 'Renamed', throttlingPolicy: '20PerMin', description: 'now described', owner: 'guest', status: 'REJECTED',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'Renamed', throttlingPolicy: '20PerMin', description: 'now described', owner: 'kanchana', status: 'APPROVED' });
    expect(s.applications.find(DEFAULT_APP.uuid)).toEqual({ ...DEFAULT_APP, name: 'Renamed', tier: '20PerMin', description: 'now described', attributes: {} });
    await s.kanchana('POST', '/applications', { name: 'Other', throttlingPolicy: 'Unlimited' });
    expect((await s.kanchana('PUT', `/applications/${DEFAULT_APP.uuid}`, { name: 'Other', throttlingPolicy: 'Unlimited' })).status).toBe(409);
  });

  it('DELETE /applications/{id} revokes its keys, drops its subscriptions, then removes it', async () => {
    const { body: key } = await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, {});
    expect((await s.callGateway(key.apikey)).ok).toBe(true);
    const { status, text } = await s.kanchana('DELETE', `/applications/${DEFAULT_APP.uuid}`);
    expect([status, text]).toEqual([200, '']);
    expect(s.applications.find(DEFAULT_APP.uuid)).toBeUndefined();
    expect(s.subscriptions.list(DEFAULT_APP.uuid)).toEqual([]);
    expect(s.inventory.list(DEFAULT_APP.uuid)).toEqual([]);
    expect(s.revocations.isRevoked(decodeKey(key.apikey).payload.jti as string)).toBe(true);
    expect(await s.callGateway(key.apikey)).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
    expect((await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}`)).status).toBe(404);
  });
});

describe('subscriptions', () => {
  it('GET /subscriptions?applicationId= lists the application\'s subscriptions with their APIInfo', async () => {
    const { status, body } = await s.kanchana('GET', `/subscriptions?applicationId=${DEFAULT_APP.uuid}`);
    expect(status).toBe(200);
    expect(shapeProblems(body, listOf(SUBSCRIPTION))).toEqual([]);
    expect(body.count).toBe(1);
    expect(body.list[0]).toMatchObject({ applicationId: DEFAULT_APP.uuid, apiId: await pizzaId(), throttlingPolicy: 'Gold', status: 'UNBLOCKED', apiInfo: { name: 'PizzaShackAPI' } });
  });

  it('GET /subscriptions?apiId= lists the caller\'s subscriptions to one API', async () => {
    const { body } = await s.kanchana('GET', `/subscriptions?apiId=${await pizzaId()}`);
    expect(body.list.map((sub: { applicationId: string }) => sub.applicationId)).toEqual([DEFAULT_APP.uuid]);
    const none = await s.kanchana('GET', '/subscriptions');
    expect(none.status).toBe(400);
    expect(none.body.error[0].message).toMatch(/^applicationId: is required/);
  });

  it('POST /subscriptions subscribes (201, Location), a second time is 409; the gateway then serves the application', async () => {
    const app = (await s.kanchana('POST', '/applications', { name: 'New', throttlingPolicy: 'Unlimited' })).body;
    const { body: key } = await s.kanchana('POST', `/applications/${app.applicationId}/api-keys/PRODUCTION/generate`, {});
    expect(await s.callGateway(key.apikey)).toMatchObject({ ok: false, status: 403, reason: 'not_subscribed' });
    const request = { applicationId: app.applicationId, apiId: await pizzaId(), throttlingPolicy: 'Silver' };
    const { status, headers, body } = await s.kanchana('POST', '/subscriptions', request);
    expect(status).toBe(201);
    expect(shapeProblems(body, SUBSCRIPTION)).toEqual([]);
    expect(body).toMatchObject({ applicationId: app.applicationId, throttlingPolicy: 'Silver', status: 'UNBLOCKED', redirectionParams: '' });
    expect(headers.get('location')).toBe(`/api/am/devportal/v3/subscriptions/${body.subscriptionId}`);
    expect(s.subscriptions.find(app.applicationId, '/pizzashack', '1.0.0')).toMatchObject({ tier: 'Silver', status: 'UNBLOCKED' });
    expect((await s.callGateway(key.apikey)).ok).toBe(true);
    expect((await s.kanchana('POST', '/subscriptions', request)).status).toBe(409);
  });

  it('only PUBLISHED APIs take new subscriptions; an unknown API is 404', async () => {
    const old = (await s.kanchana('GET', '/apis')).body.list[1].id;
    const refused = await s.kanchana('POST', '/subscriptions', { applicationId: DEFAULT_APP.uuid, apiId: old, throttlingPolicy: 'Gold' });
    expect(refused.status).toBe(400);
    expect(refused.body.error[0].message).toMatch(/^apiId: the API is DEPRECATED/);
    expect((await s.kanchana('POST', '/subscriptions', { applicationId: DEFAULT_APP.uuid, apiId: 'x', throttlingPolicy: 'Gold' })).status).toBe(404);
  });

  it('GET and DELETE /subscriptions/{id}; the gateway refuses the application on the next call', async () => {
    const { body: key } = await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, {});
    expect((await s.callGateway(key.apikey)).ok).toBe(true);
    const [sub] = (await s.kanchana('GET', `/subscriptions?applicationId=${DEFAULT_APP.uuid}`)).body.list;
    const one = await s.kanchana('GET', `/subscriptions/${sub.subscriptionId}`);
    expect(one.body).toEqual(sub);
    expect(await s.kanchana('DELETE', `/subscriptions/${sub.subscriptionId}`)).toMatchObject({ status: 200, text: '' });
    expect(await s.callGateway(key.apikey)).toMatchObject({ ok: false, status: 403, reason: 'not_subscribed' });
    expect((await s.kanchana('GET', `/subscriptions/${sub.subscriptionId}`)).status).toBe(404);
    expect((await s.kanchana('DELETE', `/subscriptions/${sub.subscriptionId}`)).status).toBe(404);
  });
});

describe('API keys', () => {
  const generate = (body: unknown = {}, keyType = 'PRODUCTION', app = DEFAULT_APP.uuid) =>
    s.kanchana('POST', `/applications/${app}/api-keys/${keyType}/generate`, body);

  it('generate answers WSO2 APIKey { keyName, apikey, validityTime }: a lightweight key for the application and subscriber', async () => {
    const { status, headers, body } = await generate({ validityPeriod: 3600 });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(shapeProblems(body, API_KEY)).toEqual([]);
    expect(body.validityTime).toBe(3600);
    const { header, payload } = decodeKey(body.apikey);
    expect(header).toMatchObject({ kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256' });
    expect(payload).toMatchObject({ sub: 'kanchana', application: { id: 35, uuid: DEFAULT_APP.uuid }, keytype: 'PRODUCTION', token_type: 'apiKey' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    expect(body.keyName).toBe(`production-${(payload.jti as string).slice(0, 8)}`);
    expect((await generate({ validityPeriod: -1 })).body.validityTime).toBe(-1);
    expect(decodeKey((await generate()).body.apikey).payload.exp).toBeUndefined();
  });

  it('a generated key validates at the gateway; after revoke it is refused on the very next call', async () => {
    const { body } = await generate();
    expect(await s.callGateway(body.apikey)).toMatchObject({ ok: true, application: { uuid: DEFAULT_APP.uuid, name: 'DefaultApplication', owner: 'kanchana' } });
    const revoked = await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey: body.apikey });
    expect([revoked.status, revoked.text]).toEqual([200, '']);
    expect(await s.callGateway(body.apikey)).toMatchObject({ ok: false, status: 401, code: 900901, reason: 'revoked' });
  });

  it('restrictions from additionalProperties are signed into the key and enforced by the gateway', async () => {
    const { body } = await generate({ additionalProperties: { permittedIP: '192.168.1.2, 10.0.0.0/8', permittedReferer: '' } });
    expect(decodeKey(body.apikey).payload).toMatchObject({ permittedIP: '192.168.1.2,10.0.0.0/8' });
    expect(decodeKey(body.apikey).payload.permittedReferer).toBeUndefined();
    expect((await s.callGateway(body.apikey, {}, '10.1.2.3')).ok).toBe(true);
    expect(await s.callGateway(body.apikey, {}, '127.0.0.1')).toMatchObject({ ok: false, status: 403 });
    const referrer = (await generate({ additionalProperties: { permittedReferer: '*.example.com/*' } })).body.apikey;
    expect((await s.callGateway(referrer, { referer: 'https://shop.example.com/cart' })).ok).toBe(true);
    expect(await s.callGateway(referrer, { referer: 'https://evil.example.org/' })).toMatchObject({ ok: false, status: 403 });
  });

  it('SANDBOX keys carry keytype SANDBOX; a keyName may be given', async () => {
    const { body } = await generate({ keyName: 'CI pipeline' }, 'SANDBOX');
    expect(body.keyName).toBe('CI pipeline');
    expect(decodeKey(body.apikey).payload.keytype).toBe('SANDBOX');
  });

  it('GET .../api-keys lists the issued keys (never the key itself); .../api-keys/{keyType} one type', async () => {
    const first = (await generate({ validityPeriod: 60, additionalProperties: { permittedIP: '127.0.0.1' } })).body;
    const second = (await generate({}, 'SANDBOX')).body;
    const { status, body, text } = await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}/api-keys`);
    expect(status).toBe(200);
    expect(body.count).toBe(2);
    const jti = decodeKey(first.apikey).payload.jti;
    expect(body.list.find((k: { jti: string }) => k.jti === jti)).toEqual({
      keyName: first.keyName, jti, applicationId: DEFAULT_APP.uuid, keyType: 'PRODUCTION',
      createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), validityPeriod: 60, expiryTime: expect.stringMatching(/Z$/),
      additionalProperties: { permittedIP: '127.0.0.1', permittedReferer: '' },
    });
    expect(body.list.find((k: { jti: string }) => k.jti !== jti)).toMatchObject({ keyType: 'SANDBOX', validityPeriod: -1 });
    expect(text).not.toContain(first.apikey.split('.')[2]);
    expect(text).not.toContain(second.apikey.split('.')[2]);
    const sandbox = await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}/api-keys/SANDBOX`);
    expect(sandbox.body.list.map((k: { keyType: string }) => k.keyType)).toEqual(['SANDBOX']);
  });

  it('revoke by jti: the key is refused at the gateway and leaves the list', async () => {
    const { body } = await generate();
    const jti = decodeKey(body.apikey).payload.jti;
    expect((await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, { jti })).status).toBe(200);
    expect(await s.callGateway(body.apikey)).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}/api-keys`)).body.count).toBe(0);
    expect((await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, { jti })).status).toBe(404);
  });

  it('revoke checks the key type of the path and the application of the key', async () => {
    const { body } = await generate();
    expect((await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/SANDBOX/revoke`, { apikey: body.apikey })).status).toBe(404);
    const other = (await s.kanchana('POST', '/applications', { name: 'Other', throttlingPolicy: 'Unlimited' })).body.applicationId;
    expect((await s.kanchana('POST', `/applications/${other}/api-keys/PRODUCTION/revoke`, { apikey: body.apikey })).status).toBe(404);
    expect((await s.callGateway(body.apikey)).ok).toBe(true);
  });

  it('412 for an application that is not APPROVED', async () => {
    s.applications.update({ ...DEFAULT_APP, status: 'ON_HOLD' });
    const { status, body } = await generate();
    expect(status).toBe(412);
    expect(shapeProblems(body, ERROR)).toEqual([]);
    expect(body.description).toMatch(/ON_HOLD/);
  });

  it('WSO2 shapes for the error answers too: 404 for an unknown application', async () => {
    const { status, body } = await generate({}, 'PRODUCTION', 'no-such-app');
    expect(status).toBe(404);
    expect(shapeProblems(body, ERROR)).toEqual([]);
    expect(body).toEqual({ code: 404, message: 'Not Found', description: 'Requested application with Id "no-such-app" not found', moreInfo: '', error: [] });
  });
});
