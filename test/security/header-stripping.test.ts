import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type Validator } from '../../src/index.js';
import { createBackendJwt } from '../../src/gateway/index.js';
import { issueKey } from '../../src/issue/index.js';
import { APP_UUID, sharedKeyPair } from '../helpers/fixtures.js';
import { rawRequest, SERVERS, type RouteEcho, type RunningServer } from './servers.js';

/*
 * Finding: after the Node middleware removed the key from a header, `req.headersDistinct` threw
 * (rawHeaders was shortened while Node's getter loops to the original count), and if something
 * read `headersDistinct` before keygate ran, the key and a client-forged X-JWT-Assertion stayed
 * in it. Every view of the headers must be coherent and free of both, whenever it was first read.
 */

const API = { name: 'Public', context: '/public', version: 'v1' };
let validator: Validator;
let key: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  const { publicKey, privateKey } = await sharedKeyPair();
  validator = createValidator({
    keys: [publicKey],
    subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: '/public', apiVersion: 'v1' }]),
    apis: [API],
    backendJwt: createBackendJwt({ signingKey: privateKey }),
  });
  key = await issueKey({ signingKey: privateKey, subject: 'alice', application: { uuid: APP_UUID, id: 1 } });
  for (const [name, start] of Object.entries(SERVERS)) {
    running.push(await start(validator, ['/public/v1']));
    // The same server with a middleware that reads headersDistinct before keygate runs.
    const early = await start(validator, ['/public/v1'], (req) => void req.headersDistinct);
    running.push({ ...early, name: `${name}, headersDistinct read first` });
  }
});
afterAll(async () => {
  for (const server of running) await server.close();
});

describe('security: header stripping keeps every view of the headers coherent', () => {
  it.each(Object.keys(SERVERS).flatMap((n) => [n, `${n}, headersDistinct read first`]))('%s', async (name) => {
    const server = running.find((s) => s.name === name)!;
    const { status, body } = await rawRequest(server.port, '/public/v1/orders', [
      ['ApiKey', key],
      ['X-JWT-Assertion', 'forged.by.client'],
      ['x-trace', 'a'],
      ['X-Trace', 'b'],
    ]);
    expect(status, body).toBe(200);
    const echo = JSON.parse(body) as RouteEcho;
    const distinct = echo.headersDistinct as Record<string, string[]>;
    expect(echo.apikeyHeader).toBeUndefined();
    expect(distinct.apikey).toBeUndefined();
    expect(echo.rawHeaders.map((h) => h.toLowerCase())).not.toContain('apikey');
    expect(JSON.stringify(echo)).not.toContain(key);
    // The backend JWT replaced the forged assertion in all three views.
    expect(distinct['x-jwt-assertion']).toHaveLength(1);
    expect(distinct['x-jwt-assertion']?.[0]).not.toBe('forged.by.client');
    expect(echo.rawHeaders.filter((h) => h === 'forged.by.client')).toEqual([]);
    expect(distinct['x-trace']).toEqual(['a', 'b']);
    expect(echo.rawHeaders.length % 2).toBe(0);
  });
});
