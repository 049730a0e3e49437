/** The demo gateway's proxy: what reaches the PizzaShack backend. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../../src/cli/demo/gateway.js';
import { SESSION_COOKIE, withoutSessionCookie } from '../../../src/cli/demo/sessions.js';
import { pizzaGateway } from '../../helpers/fixtures.js';

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

describe('the demo gateway', () => {
  let backend: Server;
  let gateway: Server;
  let port: number;
  let key: string;
  beforeAll(async () => {
    backend = createServer((req, res) => res.end(JSON.stringify({ cookie: req.headers.cookie ?? null, path: req.url })));
    const gw = await pizzaGateway();
    key = await gw.issue();
    gateway = createGateway({ validator: gw.validator, upstream: new URL(`http://127.0.0.1:${await listen(backend)}/`) });
    port = await listen(gateway);
  });
  afterAll(() => {
    gateway.close();
    backend.close();
  });

  const call = async (cookie: string) =>
    (await fetch(`http://127.0.0.1:${port}/pizzashack/1.0.0/menu`, { headers: { apikey: key, cookie } })).json();

  it("never forwards the portal's session cookie to the backend; other cookies go through", async () => {
    expect(await call(`${SESSION_COOKIE}=secret-token`)).toEqual({ cookie: null, path: '/menu' });
    expect(await call(`theme=dark; ${SESSION_COOKIE}=secret-token; lang=en`)).toEqual({ cookie: 'theme=dark; lang=en', path: '/menu' });
  });

  it('withoutSessionCookie keeps cookies that only look alike', () => {
    expect(withoutSessionCookie(`${SESSION_COOKIE}x=1; a=${SESSION_COOKIE}`)).toBe(`${SESSION_COOKIE}x=1; a=${SESSION_COOKIE}`);
    expect(withoutSessionCookie(undefined)).toBeUndefined();
  });
});
