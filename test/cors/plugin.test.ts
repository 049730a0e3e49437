import { describe, expect, it } from 'vitest';
import type { CorsOptions } from '../../src/index.js';
import { createCors } from '../../src/gateway/index.js';
import { expectKeygateError } from '../helpers/errors.js';
import { PIZZA, pizzaGateway } from '../helpers/fixtures.js';


describe('createCors', () => {
  it("gives each API the validator's settings, its own cors instead, or none with cors: false", async () => {
    const own: CorsOptions = { allowOrigins: ['https://admin.example.com'] };
    const gw = await pizzaGateway({
      apis: [PIZZA, { name: 'Admin', context: '/admin', version: 'v1', cors: own, header: 'X-Admin-Key' }, { name: 'Quiet', context: '/quiet', version: 'v1', cors: false }],
      cors: createCors({ allowOrigins: ['https://app.example.com'] }),
    });
    const policy = (url: string) => gw.validator.cors({ url, headers: {} });
    expect(policy('https://gw/pizzashack/1.0.0/menu')).toEqual({ options: { allowOrigins: ['https://app.example.com'] }, keyHeader: 'apikey' });
    expect(policy('/admin/v1/users')).toEqual({ options: own, keyHeader: 'X-Admin-Key' });
    expect(policy('/quiet/v1/x')).toBeUndefined();
    expect(policy('/nothing/here')).toBeUndefined();
    expect(gw.validator.cors({ url: '/x', headers: {} }, { api: 'Admin' })?.keyHeader).toBe('X-Admin-Key');
    expect(gw.validator.cors(null as never)).toBeUndefined();
    expect(Object.isFrozen(policy('/admin/v1/users'))).toBe(true);
  });

  it('has no CORS without the plugin', async () => {
    const gw = await pizzaGateway();
    expect(gw.validator.cors({ url: '/pizzashack/1.0.0/menu', headers: { origin: 'https://a.example' } })).toBeUndefined();
  });

  it('refuses bad settings, the plugin\'s at createCors and an API\'s at createValidator, naming them', async () => {
    const bad: [unknown, string][] = [
      [null, ' must be an object'],
      ['https://app.example.com', ' must be an object'],
      [['https://app.example.com'], ' must be an object'],
      [{ allowOrigins: 'https://app.example.com' }, '.allowOrigins must be an array of origins'],
      [{ allowOrigins: ['https://app.example.com/path'] }, '.allowOrigins must be an array of origins such as "https://app.example.com" (no path), or "*"'],
      [{ allowOrigins: ['app.example.com'] }, '.allowOrigins'],
      [{ allowOrigins: ['null'] }, '.allowOrigins'],
      [{ allowOrigins: ['https://user@app.example.com'] }, '.allowOrigins'],
      [{ allowMethods: ['GET, POST'] }, '.allowMethods must be an array of method names'],
      [{ allowHeaders: ['x-key\r\nset-cookie: a=b'] }, '.allowHeaders must be an array of header names'],
      [{ exposeHeaders: [''] }, '.exposeHeaders must be an array of header names'],
      [{ allowCredentials: 'yes' }, '.allowCredentials must be true or false'],
      [{ maxAge: -1 }, '.maxAge must be a whole number of seconds'],
      [{ maxAge: 1.5 }, '.maxAge'],
    ];
    for (const [options, message] of bad) {
      expectKeygateError(() => createCors(options as never), 'ERR_INVALID_OPTION', `createCors options${message}`);
      await expect(pizzaGateway({ apis: [{ ...PIZZA, cors: options as never }], cors: createCors() }), JSON.stringify(options)).rejects.toThrow(
        `apis["PizzaShackAPI"].cors${message}`,
      );
    }
  });

  it('never allows "*" with credentials', () => {
    for (const options of [{ allowCredentials: true }, { allowCredentials: true, allowOrigins: ['https://a.example', '*'] }]) {
      expectKeygateError(() => createCors(options), 'ERR_INVALID_OPTION', 'createCors options.allowCredentials needs allowOrigins to list the origins: never "*" with credentials');
    }
    expect(() => createCors({ allowCredentials: true, allowOrigins: ['https://a.example'] })).not.toThrow();
  });
});

describe('createCors option names', () => {
  it('refuses an unknown option name, with a did-you-mean', async () => {
    expectKeygateError(() => createCors({ allowOrigin: ['https://a.example'] } as never), 'ERR_INVALID_OPTION', 'createCors: unknown option "allowOrigin" (did you mean "allowOrigins"?)');
    await expect(pizzaGateway({ apis: [{ ...PIZZA, cors: { maxage: 5 } as never }], cors: createCors() })).rejects.toThrow('apis["PizzaShackAPI"].cors: unknown option "maxage" (did you mean "maxAge"?)');
  });
});
