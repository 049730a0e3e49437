import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/keys/index.js';
import { forwardedRequest } from '../../src/fetch/index.js';
import { MENU_URL, pizzaGateway } from '../helpers/fixtures.js';
import { createBackendJwt } from '../../src/gateway/index.js';

describe('forwardedRequest', () => {
  it('adds the backend JWT, replacing a forged one, and drops the key', async () => {
    const backend = await generateKeyPair({ alg: 'ES256' });
    const gw = await pizzaGateway({ backendJwt: createBackendJwt({ signingKey: backend.privateKey }) });
    const request = new Request(`${MENU_URL}?apikey=${encodeURIComponent(await gw.issue())}`, { headers: { 'x-jwt-assertion': 'forged' } });
    const result = await gw.validator.validate(request);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const forwarded = forwardedRequest(request, result, true);
    expect(forwarded.headers.get('x-jwt-assertion')).toBe(result.backendJwt);
    expect(forwarded.headers.get('x-jwt-assertion')?.split('.')).toHaveLength(3);
    expect(forwarded.url).toBe(MENU_URL);
    expect(forwardedRequest(request, result, false).url).toContain('apikey=');
  });

  it('leaves the request alone without backend JWT and without hiding', async () => {
    const gw = await pizzaGateway();
    const request = new Request(MENU_URL, { headers: { apikey: await gw.issue() } });
    const result = await gw.validator.validate(request);
    expect(result.ok && forwardedRequest(request, result, false)).toBe(request);
  });
});
