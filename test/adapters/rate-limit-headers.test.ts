/**
 * RateLimit headers (draft-ietf-httpapi-ratelimit-headers), X-RateLimit headers and Retry-After
 * through every adapter, with exact values on a clock that stands still.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type AnyValidationSuccess, type Validator } from '../../src/index.js';
import { errorResponse, errorResponseParts, rateLimitHeaders, withApiKey, type AdapterOptions } from '../../src/fetch/index.js';
import { createNodeMiddleware } from '../../src/node/index.js';
import { createResourceMatcher, createThrottle } from '../../src/gateway/index.js';
import { issueKey } from '../../src/issue/index.js';
import { failure } from '../../src/validate/failures.js';
import { throttled } from '../../src/throttle/verdict.js';
import { APP_UUID, PIZZA, sharedKeyPair } from '../helpers/fixtures.js';
import type { TestServer } from '../helpers/http.js';
import { ADAPTER_NAMES, ADAPTERS } from './adapter-servers.js';

const info = { level: 'subscription', tier: 'Gold', limit: 5000, periodSeconds: 60, remaining: 4999, resetAfter: 1 } as const;

describe('rateLimitHeaders', () => {
  it('writes the IETF fields, or the X-RateLimit ones, or none', () => {
    expect(rateLimitHeaders(info, 'ietf')).toEqual({ 'ratelimit-policy': '"subscription";q=5000;w=60', ratelimit: '"subscription";r=4999;t=1' });
    expect(rateLimitHeaders(info, 'x-ratelimit')).toEqual({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1' });
    expect(rateLimitHeaders(info, false)).toBeUndefined();
    expect(rateLimitHeaders(undefined, 'ietf')).toBeUndefined();
  });

  it('leaves out a window that is not whole seconds, and says nothing it cannot say well', () => {
    expect(rateLimitHeaders({ ...info, periodSeconds: 0.5 }, 'ietf')?.['ratelimit-policy']).toBe('"subscription";q=5000');
    expect(rateLimitHeaders({ ...info, remaining: -1 }, 'ietf')).toBeUndefined();
    expect(rateLimitHeaders({ ...info, level: 'sub"scription' as never }, 'ietf')).toBeUndefined();
  });

  it('goes on 429s with Retry-After, and never on a hard-limit 503', () => {
    const refused = { ...throttled('subscription', 'x', 30), rateLimit: { ...info, remaining: 0, resetAfter: 30 } };
    expect(errorResponseParts(refused).headers).toMatchObject({ 'retry-after': '30', ratelimit: '"subscription";r=0;t=30', 'ratelimit-policy': '"subscription";q=5000;w=60' });
    expect(errorResponseParts(refused, undefined, 'x-ratelimit').headers).toMatchObject({ 'retry-after': '30', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' });
    const hard = errorResponseParts(throttled('hardLimit', 'x', 1));
    expect([hard.status, hard.headers['retry-after'], hard.headers.ratelimit]).toEqual([503, '1', undefined]);
  });
});

/** A gateway whose clock stands still: subscription tier 2 a minute, application tier 10 a minute, and an API whose hard limit is 1 call a second. */
async function throttledValidator(): Promise<{ validator: Validator<AnyValidationSuccess>; key: string }> {
  const { privateKey, publicKey } = await sharedKeyPair();
  const validator = createValidator({
    keys: [publicKey],
    now: () => 1_800_000_000_000,
    subscriptions: createMemorySubscriptionStore([
      { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'TwoPerMin' },
      { applicationUuid: APP_UUID, apiContext: '/hard', apiVersion: 'v1', tier: 'Unlimited' },
    ]),
    apis: [{ ...PIZZA, resources: [{ path: '/menu', methods: ['GET'] }] }, { name: 'Hard', context: '/hard', version: 'v1', maxTps: { production: 1 } }],
    resources: createResourceMatcher(),
    throttle: createThrottle({ tiers: { TwoPerMin: { requests: 2, timeUnit: 'min' } } }),
  });
  const key = await issueKey({
    signingKey: privateKey,
    lightweight: false,
    application: { uuid: APP_UUID, name: 'App', tier: '10PerMin' },
    subscriptions: [
      { name: PIZZA.name, context: '/pizzashack/1.0.0', version: PIZZA.version },
      { name: 'Hard', context: '/hard/v1', version: 'v1' },
    ],
  });
  return { validator, key };
}

describe.each(ADAPTER_NAMES)('rate-limit headers through %s', (adapter) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (options: AdapterOptions = {}) => {
    const { validator, key } = await throttledValidator();
    server = await ADAPTERS[adapter](validator, options);
    const origin = server.origin;
    return (path = '/pizzashack/1.0.0/menu') => fetch(`${origin}${path}`, { headers: { apikey: key } });
  };
  const pick = (response: Response, ...names: string[]) => names.map((name) => response.headers.get(name));

  it('sends the level with the fewest calls left on successes and on the 429, with Retry-After', async () => {
    const call = await start();
    const names = ['ratelimit-policy', 'ratelimit', 'retry-after'];
    const first = await call();
    expect([first.status, ...pick(first, ...names)]).toEqual([200, '"subscription";q=2;w=60', '"subscription";r=1;t=30', null]);
    const second = await call();
    expect([second.status, ...pick(second, ...names)]).toEqual([200, '"subscription";q=2;w=60', '"subscription";r=0;t=60', null]);
    const third = await call();
    expect([third.status, ...pick(third, ...names)]).toEqual([429, '"subscription";q=2;w=60', '"subscription";r=0;t=30', '30']);
  });

  it('sends Retry-After and no RateLimit fields on a 503 by the hard limit', async () => {
    const call = await start();
    expect((await call('/hard/v1/x')).status).toBe(200);
    const hard = await call('/hard/v1/x');
    expect([hard.status, ...pick(hard, 'retry-after', 'ratelimit', 'ratelimit-policy')]).toEqual([503, '1', null, null]);
    expect(await hard.json()).toEqual({ code: '900801', message: 'API Limit Reached', description: 'Hard v1 is not accepting more requests now; retry after 1 s' });
  });

  it("sends X-RateLimit headers instead with rateLimitHeaders: 'x-ratelimit', none with false", async () => {
    const call = await start({ rateLimitHeaders: 'x-ratelimit' });
    const first = await call();
    expect(pick(first, 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit')).toEqual(['2', '1', '30', null]);
    await call();
    const refused = await call();
    expect(pick(refused, 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after')).toEqual(['0', '30', '30']);
    await server?.close();

    const quiet = await start({ rateLimitHeaders: false });
    const answers = [await quiet(), await quiet(), await quiet()];
    expect(answers.map((r) => [r.status, r.headers.get('ratelimit'), r.headers.get('x-ratelimit-limit'), r.headers.get('retry-after')])).toEqual([
      [200, null, null, null],
      [200, null, null, null],
      [429, null, null, '30'],
    ]);
  });
});

it('adapters refuse a rateLimitHeaders style they do not know', async () => {
  const { validator } = await throttledValidator();
  const bad = { rateLimitHeaders: 'draft-7' as never };
  expect(() => withApiKey(validator, () => new Response(), bad)).toThrow('withApiKey: rateLimitHeaders must be "ietf", "x-ratelimit" or false');
  expect(() => createNodeMiddleware(validator, bad)).toThrow('createNodeMiddleware: rateLimitHeaders must be');
  expect(() => errorResponse(failure('missing_key', 'x'), bad)).toThrow('errorResponse: rateLimitHeaders must be');
});
