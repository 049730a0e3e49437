/**
 * Every throttling level through every adapter: its status, WSO2 code, Retry-After and RateLimit
 * headers, with tiers from a policy store and with WSO2's default tiers, on a clock that stands still.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBlockingConditions, createMemoryPolicyStore } from '../../src/gateway/index.js';
import type { TestServer } from '../helpers/http.js';
import { ADAPTER_NAMES, ADAPTERS } from '../adapters/adapter-servers.js';
import { levelsGateway, type LevelsSetup } from './gateway.js';

const policies = () =>
  createMemoryPolicyStore({
    Two: { requests: 2, timeUnit: 'min' },
    Burst: { requests: 1000, timeUnit: 'min', spikeArrestLimit: 2, spikeArrestUnit: 'sec' },
  });

/** What a client sees of an answer. */
const seen = async (r: Response) => ({
  status: r.status,
  code: ((await r.json()) as { code?: string }).code,
  retryAfter: r.headers.get('retry-after'),
  policy: r.headers.get('ratelimit-policy'),
  rateLimit: r.headers.get('ratelimit'),
});

/** The third call of each level, refused: [setup, status, code, Retry-After, RateLimit-Policy, RateLimit]. */
const LEVELS: Array<[string, LevelsSetup, number, string, string | null, string | null, string | null]> = [
  ['blocking condition', { throttle: { blocking: createBlockingConditions([{ type: 'USER', value: 'ana' }]) } }, 403, '900805', null, null, null],
  ['API-level policy', { api: { tier: 'Two' } }, 429, '900800', '30', '"api";q=2;w=60', '"api";r=0;t=30'],
  ['hard limit', { api: { maxTps: { production: 2 } } }, 503, '900801', '1', null, null],
  ['resource tier', { resourceTier: 'Two' }, 429, '900802', '30', '"resource";q=2;w=60', '"resource";r=0;t=30'],
  ['subscription tier', { subscriptionTier: 'Two' }, 429, '900804', '30', '"subscription";q=2;w=60', '"subscription";r=0;t=30'],
  ['application tier', { applicationTier: 'Two' }, 429, '900803', '30', '"application";q=2;w=60', '"application";r=0;t=30'],
  ['spike arrest', { subscriptionTier: 'Burst' }, 429, '900807', '1', '"spikeArrest";q=2;w=1', '"spikeArrest";r=0;t=1'],
];

describe.each(ADAPTER_NAMES)('throttling levels through %s', (adapter) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (setup: LevelsSetup) => {
    const gw = await levelsGateway(setup);
    server = await ADAPTERS[adapter](gw.validator);
    const key = await gw.keyOf();
    const url = `${server.origin}/pizzashack/1.0.0/order/1`;
    return () => fetch(url, { headers: { apikey: key } });
  };

  it.each(LEVELS)('%s, with a policy store', async (name, setup, status, code, retryAfter, policy, rateLimit) => {
    const call = await start({ ...setup, throttle: { policies: policies(), ...setup.throttle } });
    const answers = [await call(), await call(), await call()];
    const refused = await seen(answers[2]!);
    expect(refused).toEqual({ status, code, retryAfter, policy, rateLimit });
    if (name !== 'blocking condition') expect(answers.slice(0, 2).map((r) => r.status)).toEqual([200, 200]);
  });

  it("the application tier at WSO2's default 10PerMin", async () => {
    const call = await start({ applicationTier: '10PerMin' });
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await call()).status);
    expect(statuses).toEqual(Array(10).fill(200));
    expect(await seen(await call())).toEqual({ status: 429, code: '900803', retryAfter: '6', policy: '"application";q=10;w=60', rateLimit: '"application";r=0;t=6' });
  });
});
