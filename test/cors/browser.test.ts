/**
 * CORS in real Chromium (playwright-core, Debian's chromium): a page on one origin calls a gateway
 * on another through `fetch`, behind each adapter. A PUT with the `apikey` header makes Chromium
 * send a preflight first, without the key: the gateway must answer it before authentication, and
 * let the page read the answers (refusals too) only when its origin is allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../src/index.js';
import { issueKey } from '../../src/issue/index.js';
import { createCors, createResourceMatcher } from '../../src/gateway/index.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import { listen, type TestServer } from '../helpers/http.js';
import { launchChromium } from '../runtimes/browser.js';
import { findOrInstallChromium } from '../setup/chromium.js';
import { ADAPTER_NAMES, ADAPTERS } from '../adapters/adapter-servers.js';

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let allowedPage: TestServer;
let otherPage: TestServer;
let key: string;

const page = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
  res.setHeader('content-type', 'text/html');
  res.end('<!doctype html><title>shop</title>');
};

beforeAll(async () => {
  chromium = await launchChromium(findOrInstallChromium());
  allowedPage = await listen(page);
  otherPage = await listen(page);
  const { privateKey } = await sharedKeyPair();
  key = await issueKey({ signingKey: privateKey, application: { uuid: APP_UUID, id: 35 } });
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  await allowedPage?.close();
  await otherPage?.close();
});

/** What the page's `fetch` got: the status and body, or the error Chromium raised (a CORS failure). */
type Outcome = { status: number; body: unknown } | { error: string };

async function fetchFrom(pageOrigin: string, url: string, init: { method: string; headers: Record<string, string> }): Promise<Outcome> {
  const tab = await chromium.context.newPage();
  try {
    await tab.goto(`${pageOrigin}/`);
    return await tab.evaluate(
      async ({ url: target, init: options }) => {
        try {
          const response = await fetch(target, { ...options, body: options.method === 'GET' ? null : '{}' });
          return { status: response.status, body: await response.json() };
        } catch (error) {
          return { error: String(error) };
        }
      },
      { url, init },
    );
  } finally {
    await tab.close();
  }
}

describe.each(ADAPTER_NAMES)('CORS in Chromium through %s', (adapter) => {
  let gateway: TestServer;
  let orderUrl: string;

  beforeAll(async () => {
    const { publicKey } = await sharedKeyPair();
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
      apis: [{ ...PIZZA, resources: [{ path: '/order/{orderId}', methods: ['GET', 'PUT'] }] }],
      resources: createResourceMatcher(),
      // The gateway is on 127.0.0.1, the pages on localhost: another origin.
      cors: createCors({ allowOrigins: [allowedPage.origin.replace('127.0.0.1', 'localhost')] }),
    });
    gateway = await ADAPTERS[adapter](validator);
    orderUrl = `${gateway.origin}/pizzashack/1.0.0/order/42`;
  });
  afterAll(() => gateway.close());

  const from = (server: TestServer) => server.origin.replace('127.0.0.1', 'localhost');

  it('answers the preflight of a keyed PUT from an allowed origin, then serves the call', async () => {
    const outcome = await fetchFrom(from(allowedPage), orderUrl, { method: 'PUT', headers: { apikey: key, 'content-type': 'application/json' } });
    expect(outcome).toMatchObject({ status: 200 });
  });

  it('lets the allowed page read a refusal (401 900902 without a key)', async () => {
    const outcome = await fetchFrom(from(allowedPage), orderUrl, { method: 'PUT', headers: { 'content-type': 'application/json' } });
    expect(outcome).toMatchObject({ status: 401, body: { code: '900902' } });
  });

  it('gives a page of another origin nothing: Chromium refuses the preflight', async () => {
    const outcome = await fetchFrom(from(otherPage), orderUrl, { method: 'PUT', headers: { apikey: key, 'content-type': 'application/json' } });
    expect(outcome).toMatchObject({ error: expect.stringContaining('Failed to fetch') });
    const simple = await fetchFrom(from(otherPage), orderUrl, { method: 'GET', headers: {} });
    expect(simple).toMatchObject({ error: expect.stringContaining('Failed to fetch') });
  });
});
