/**
 * Bad input: every malformed body, field, parameter and path is a 400 in WSO2's error shape whose
 * item names the field (restrictions with issueKey's strict grammars); oversized bodies 413,
 * unknown paths 404, other methods 405 with Allow. Nothing is written.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_APP, setUpService, type ServiceSetup } from './harness.js';
import { ERROR, shapeProblems } from './wso2-dtos.js';

let s: ServiceSetup;
beforeEach(async () => {
  s = await setUpService();
});

const generatePath = `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`;

/** A 400 whose error item starts with `field: ` (and matches `why`). */
async function expect400(answer: Promise<{ status: number; body: any }>, field: string, why?: RegExp): Promise<void> {
  const { status, body } = await answer;
  expect(status, JSON.stringify(body)).toBe(400);
  expect(shapeProblems(body, ERROR)).toEqual([]);
  expect(body.error).toHaveLength(1);
  expect(body.error[0].code).toBe('400');
  expect(body.error[0].message.startsWith(`${field}: `), body.error[0].message).toBe(true);
  expect(body.description).toBe(body.error[0].message);
  if (why !== undefined) expect(body.error[0].message).toMatch(why);
}

describe('bodies', () => {
  it.each([
    ['not JSON', '{"name":'],
    ['an array', '[1]'],
    ['a string', '"x"'],
    ['nested too deep', JSON.stringify({ name: 'x', attributes: { a: { b: { c: { d: 1 } } } } })],
    ['empty', ''],
  ])('%s is a 400 naming body', async (_what, text) => {
    await expect400(s.kanchana('POST', '/applications', text), 'body', /JSON object/);
  });

  it('bytes that are not UTF-8 are a 400 naming body', async () => {
    await expect400(s.kanchana('POST', '/applications', new Uint8Array([0x7b, 0xff, 0x7d]) as never), 'body');
  });

  it('a body over 16 KiB is a 413, whether or not it declares its length', async () => {
    const big = JSON.stringify({ name: 'x', throttlingPolicy: 'Unlimited', description: 'd'.repeat(20_000) });
    const declared = await s.kanchana('POST', '/applications', big);
    expect(declared.status).toBe(413);
    expect(shapeProblems(declared.body, ERROR)).toEqual([]);
    const chunks = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(4096).fill(0x20));
      },
    });
    const streamed = await s.service(new Request('https://portal.example.com/api/am/devportal/v3/applications', {
      method: 'POST', body: chunks, duplex: 'half', headers: { authorization: 'Bearer kanchana', 'content-type': 'application/json' },
    } as RequestInit));
    expect(streamed.status).toBe(413);
    expect(s.applications.listByOwner('kanchana')).toHaveLength(1);
  });
});

describe('application fields', () => {
  const create = (body: unknown) => s.kanchana('POST', '/applications', body);
  it.each([
    [{ throttlingPolicy: 'Unlimited' }, 'name', /is required/],
    [{ name: '   ', throttlingPolicy: 'Unlimited' }, 'name', /is required/],
    [{ name: 'x'.repeat(71), throttlingPolicy: 'Unlimited' }, 'name', /at most 70/],
    [{ name: 'a\u0000b', throttlingPolicy: 'Unlimited' }, 'name', /control characters/],
    [{ name: 7, throttlingPolicy: 'Unlimited' }, 'name', /must be a string/],
    [{ name: 'x' }, 'throttlingPolicy', /is required/],
    [{ name: 'x', throttlingPolicy: 'Gold' }, 'throttlingPolicy', /"Gold" is not one of 10PerMin, 20PerMin, 50PerMin, Unlimited/],
    [{ name: 'x', throttlingPolicy: 'Unlimited', description: 'd'.repeat(513) }, 'description', /at most 512/],
    [{ name: 'x', throttlingPolicy: 'Unlimited', tokenType: 'OAUTH' }, 'tokenType', /JWT keys only/],
    [{ name: 'x', throttlingPolicy: 'Unlimited', groups: ['team'] }, 'groups', /not supported/],
    [{ name: 'x', throttlingPolicy: 'Unlimited', attributes: ['a'] }, 'attributes', /object of strings/],
    [{ name: 'x', throttlingPolicy: 'Unlimited', attributes: { tier: 1 } }, 'attributes.tier', /must be a string/],
    [{ name: 'x', throttlingPolicy: 'Unlimited', owner_: 'guest' }, 'owner_', /unknown field/],
  ])('%j -> 400 naming %s', async (body, field, why) => {
    await expect400(create(body), field, why);
    expect(s.applications.listByOwner('kanchana')).toHaveLength(1);
  });
});

describe('key generation fields', () => {
  const generate = (body: unknown, keyType = 'PRODUCTION') => s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/${keyType}/generate`, body);

  it.each([0, -2, 1.5, '3600', 2 ** 31, true])('validityPeriod %j -> 400', async (validityPeriod) => {
    await expect400(generate({ validityPeriod }), 'validityPeriod', /whole number of seconds/);
  });

  it.each([
    ['192.168.1.256', /entry 1 is invalid/],
    ['10.0.0.1, 10.0.0.0/33', /entry 2 is invalid/],
    ['010.0.0.1', /entry 1 is invalid/],
    ['2002:eb8::2/129', /entry 1 is invalid/],
    ['example.com', /entry 1 is invalid/],
  ])('permittedIP %j -> 400 with issueKey\'s grammar', async (permittedIP, why) => {
    await expect400(generate({ additionalProperties: { permittedIP } }), 'additionalProperties.permittedIP', why);
  });

  it.each([
    ['*.com', /at least two labels/],
    ['www.example.com/path, *', /entry 2 is invalid/],
    ['example.com/../admin', /path segment/],
    ['javascript:alert(1)', /entry 1 is invalid/],
  ])('permittedReferer %j -> 400 with issueKey\'s grammar', async (permittedReferer, why) => {
    await expect400(generate({ additionalProperties: { permittedReferer } }), 'additionalProperties.permittedReferer', why);
  });

  it('other bad fields', async () => {
    await expect400(generate({ additionalProperties: 'permittedIP=1.2.3.4' }), 'additionalProperties', /must be an object/);
    await expect400(generate({ additionalProperties: { permittedIPs: '1.2.3.4' } }), 'additionalProperties.permittedIPs', /unknown field/);
    await expect400(generate({ additionalProperties: { permittedIP: ['1.2.3.4'] } }), 'additionalProperties.permittedIP', /must be a string/);
    await expect400(generate({ validity: 60 }), 'validity', /unknown field/);
    await expect400(generate({ keyName: 'k'.repeat(101) }), 'keyName', /at most 100/);
    await expect400(generate({}, 'prod'), 'keyType', /"prod" is not one of PRODUCTION, SANDBOX/);
    // Restrictions the key could not carry to a gateway (over 16 KB, it was a 500 from the service).
    const ips = Array.from({ length: 200 }, (_, i) => `10.0.${i}.0/24`).join(',');
    const referrers = Array.from({ length: 120 }, (_, i) => `https://shop-${i}.example.com/*`).join(',');
    await expect400(generate({ additionalProperties: { permittedIP: ips, permittedReferer: referrers } }), 'additionalProperties', /4096 characters together/);
    expect(s.inventory.list(DEFAULT_APP.uuid)).toEqual([]);
  });

  it('an empty body is WSO2\'s default: a key that never expires', async () => {
    const answer = await s.service(new Request(`https://portal.example.com/api/am/devportal/v3${generatePath}`, {
      method: 'POST', headers: { authorization: 'Bearer kanchana', 'content-type': 'application/json' },
    }));
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { validityTime: number }).validityTime).toBe(-1);
  });
});

describe('revocation fields', () => {
  const revoke = (body: unknown) => s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, body);
  it('needs exactly one of apikey and jti, and a key that decodes', async () => {
    await expect400(revoke({}), 'apikey', /one of them/);
    await expect400(revoke({ apikey: 'a.b.c', jti: 'x' }), 'apikey', /one of them/);
    await expect400(revoke({ apikey: 'not-a-key' }), 'apikey', /not a valid API key/);
    await expect400(revoke({ jti: 'j'.repeat(257) }), 'jti', /at most 256/);
    await expect400(revoke({ key: 'x' }), 'key', /unknown field/);
  });
});

describe('queries, paths and methods', () => {
  it.each(['offset=-1', 'offset=x', 'limit=0', 'limit=1001', 'limit=1e3'])('%s -> 400 naming the parameter', async (query) => {
    await expect400(s.kanchana('GET', `/applications?${query}`), query.split('=')[0]!, /whole number/);
  });

  it('a path parameter that is not percent-encoded UTF-8 is a 400', async () => {
    await expect400(s.kanchana('GET', '/applications/%E0%A4%A'), 'path');
  });

  it('an unknown path is a 404, another method a 405 with Allow, both in WSO2\'s shape', async () => {
    for (const path of ['/nothing', '/applications/x/y', '', '/']) {
      const answer = await s.kanchana('GET', path);
      expect(answer.status, path).toBe(404);
      expect(shapeProblems(answer.body, ERROR)).toEqual([]);
    }
    const other = await s.service(new Request('https://portal.example.com/elsewhere', { headers: { authorization: 'Bearer kanchana' } }));
    expect(other.status).toBe(404);
    const patch = await s.kanchana('PATCH', `/applications/${DEFAULT_APP.uuid}`, {});
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect(shapeProblems(patch.body, ERROR)).toEqual([]);
  });
});
