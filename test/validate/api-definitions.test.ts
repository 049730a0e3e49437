import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../src/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { MENU_URL, PIZZA, pizzaGateway } from '../helpers/fixtures.js';
import { createValidator } from '../../src/index.js';

const refusal = (r: ValidationResult) => (r.ok ? 'ok' : [r.status, r.code, r.reason, r.message, r.description]);

describe('validate: API lifecycle states', () => {
  it('serves PUBLISHED (the default) and DEPRECATED APIs: existing subscriptions keep working', async () => {
    for (const status of [undefined, 'PUBLISHED', 'DEPRECATED'] as const) {
      const gw = await pizzaGateway({ apis: [{ ...PIZZA, ...(status === undefined ? {} : { status }) }] });
      expect((await gw.call(await gw.issue())).ok).toBe(true);
    }
  });

  it('answers a BLOCKED API with 503 700700 "API blocked", before looking at the key', async () => {
    const gw = await pizzaGateway({ apis: [{ ...PIZZA, status: 'BLOCKED' }] });
    const blocked = [503, 700700, 'api_blocked', 'API blocked', 'PizzaShackAPI 1.0.0 is blocked'];
    expect(refusal(await gw.call(await gw.issue()))).toEqual(blocked);
    expect(refusal(await gw.validator.validate({ url: MENU_URL, headers: {} }))).toEqual(blocked);
  });

  it.each(['CREATED', 'PROTOTYPED', 'RETIRED'] as const)('does not serve a %s API: 404 900906, as for no API at all', async (status) => {
    const gw = await pizzaGateway({ apis: [{ ...PIZZA, status }, { name: 'Other', context: '/other', version: '1' }] });
    expect(refusal(await gw.call(await gw.issue()))).toEqual([404, 900906, 'unknown_api', 'No matching resource found for given API Request', 'No API of this gateway matches the request']);
    expect(refusal(await gw.validator.validate({ url: MENU_URL, headers: {} }, { api: 'PizzaShackAPI' }))).toContain('unknown_api');
  });

  it('refuses a bad status at createValidator, naming the API', async () => {
    await expect(pizzaGateway({ apis: [{ ...PIZZA, status: 'LIVE' as never }] })).rejects.toThrow(
      'apis[0].status must be one of CREATED,PROTOTYPED,RETIRED,PUBLISHED,BLOCKED,DEPRECATED',
    );
  });
});

describe('validate: key types and environments', () => {
  it('refuses a SANDBOX key on an API this gateway serves to PRODUCTION keys: 401 900901, naming the key type', async () => {
    const gw = await pizzaGateway({ apis: [{ ...PIZZA, keyTypes: ['PRODUCTION'] }] });
    expect(refusal(await gw.call(await gw.issue({ keyType: 'SANDBOX' })))).toEqual([
      401, 900901, 'wrong_key_type', 'Invalid Credentials', 'A SANDBOX key cannot call PizzaShackAPI 1.0.0 on this gateway',
    ]);
    const production = await gw.call(await gw.issue());
    expect(production.ok && production.environment).toBe('PRODUCTION');
  });

  it('names the environment of every call, so a gateway can route PRODUCTION and SANDBOX to their backends', async () => {
    const gw = await pizzaGateway();
    const sandbox = await gw.call(await gw.issue({ keyType: 'SANDBOX' }));
    expect(sandbox.ok && [sandbox.environment, sandbox.keyType]).toEqual(['SANDBOX', 'SANDBOX']);
    const sandboxOnly = await pizzaGateway({ apis: [{ ...PIZZA, keyTypes: ['SANDBOX'] }] });
    expect(refusal(await sandboxOnly.call(await sandboxOnly.issue()))).toContain('wrong_key_type');
  });

  it('refuses bad keyTypes at createValidator', async () => {
    for (const keyTypes of [[], ['DEV'], 'PRODUCTION']) {
      await expect(pizzaGateway({ apis: [{ ...PIZZA, keyTypes: keyTypes as never }] })).rejects.toThrow('apis[0].keyTypes must list PRODUCTION, SANDBOX or both');
    }
  });
});

describe('validate: API options that need a plugin', () => {
  it('refuses resources or cors without the plugin that serves them, naming both', async () => {
    const { pair } = await pizzaGateway();
    const base = { keys: [pair.publicKey], subscriptions: { find: () => undefined } };
    expectKeygateError(
      () => createValidator({ ...base, apis: [{ ...PIZZA, resources: [{ path: '/menu', methods: ['GET'] }] }] }),
      'ERR_INVALID_OPTION',
      'apis[0].resources needs the validator option resources: createResourceMatcher() from keygate/gateway',
    );
    expectKeygateError(
      () => createValidator({ ...base, apis: [{ ...PIZZA, cors: {} }] }),
      'ERR_INVALID_OPTION',
      'apis[0].cors needs the validator option cors: createCors() from keygate/gateway',
    );
    expectKeygateError(() => createValidator({ ...base, apis: [PIZZA], cors: { allowOrigins: ['*'] } as never }), 'ERR_INVALID_OPTION', 'cors must be made by createCors() from keygate/gateway');
    expectKeygateError(() => createValidator({ ...base, apis: [PIZZA], resources: [] as never }), 'ERR_INVALID_OPTION', 'resources must be made by createResourceMatcher() from keygate/gateway');
    // An API's own limits without the plugin that applies them would silently not apply.
    expectKeygateError(() => createValidator({ ...base, apis: [{ ...PIZZA, tier: 'Gold' }] }), 'ERR_INVALID_OPTION', 'apis[0].tier needs the validator option throttle: createThrottle() from keygate/gateway');
    expectKeygateError(() => createValidator({ ...base, apis: [{ ...PIZZA, maxTps: { production: 5 } }] }), 'ERR_INVALID_OPTION', 'apis[0].maxTps needs the validator option throttle');
  });
});
