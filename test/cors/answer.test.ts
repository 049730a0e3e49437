import { describe, expect, it } from 'vitest';
import type { CorsPolicy } from '../../src/index.js';
import { corsAnswer, corsHeaders } from '../../src/fetch/index.js';

const policy = (options: CorsPolicy['options'], keyHeader = 'apikey'): CorsPolicy => ({ options, keyHeader });

describe('corsHeaders', () => {
  it("answers a preflight with WSO2's defaults, the key header always allowed", () => {
    expect(corsHeaders(policy({}, 'X-Pizza-Key'), 'https://app.example.com', true)).toEqual({
      'access-control-allow-origin': '*',
      vary: 'Origin',
      'access-control-expose-headers': 'RateLimit, RateLimit-Policy, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
      'access-control-allow-methods': 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
      'access-control-allow-headers': 'authorization, Access-Control-Allow-Origin, Content-Type, SOAPAction, apikey, Internal-Key, X-Pizza-Key',
    });
    expect(corsHeaders(policy({ allowHeaders: ['content-type'] }, 'APIKEY'), 'https://a', true)['access-control-allow-headers']).toBe('content-type, APIKEY');
    expect(corsHeaders(policy({ allowHeaders: ['ApiKey'] }), 'https://a', true)['access-control-allow-headers']).toBe('ApiKey');
  });

  it('lets a page read its rate-limit budget by default; exposeHeaders replaces the list, [] exposes none', () => {
    expect(corsHeaders(policy({}), 'https://a', false)['access-control-expose-headers']).toBe(
      'RateLimit, RateLimit-Policy, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
    );
    expect(corsHeaders(policy({ exposeHeaders: ['x-request-id'] }), 'https://a', false)['access-control-expose-headers']).toBe('x-request-id');
    expect(corsHeaders(policy({ exposeHeaders: [] }), 'https://a', false)).toEqual({ 'access-control-allow-origin': '*', vary: 'Origin' });
  });

  it('sends back the listed origin, never the request\'s own text, and nothing for another origin', () => {
    const listed = policy({ allowOrigins: ['https://App.Example.com'], allowCredentials: true, exposeHeaders: ['x-request-id'], maxAge: 600 });
    expect(corsHeaders(listed, 'https://app.example.com', false)).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      vary: 'Origin',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
    });
    expect(corsHeaders(listed, 'https://APP.example.com', true)).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-max-age': '600' });
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'null', '*']) {
      expect(corsHeaders(listed, origin, false)).toEqual({ vary: 'Origin' });
    }
  });
});

describe('corsAnswer', () => {
  const validator = { cors: () => policy({ allowOrigins: ['https://app.example.com'] }) };

  it('does nothing without an Origin, or for a validator without CORS', () => {
    expect(corsAnswer(validator, { url: '/x', method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } })).toBeUndefined();
    expect(corsAnswer({}, { url: '/x', headers: { origin: 'https://app.example.com' } })).toBeUndefined();
    expect(corsAnswer({ cors: () => undefined }, { url: '/x', headers: { origin: 'https://app.example.com' } })).toBeUndefined();
  });

  it('tells a preflight (OPTIONS with Access-Control-Request-Method) from a plain OPTIONS or GET', () => {
    const origin = 'https://app.example.com';
    expect(corsAnswer(validator, new Request('https://gw/x', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } }))?.preflight).toBe(true);
    expect(corsAnswer(validator, { url: '/x', method: 'OPTIONS', headers: { origin } })?.preflight).toBe(false);
    expect(corsAnswer(validator, { url: '/x', headers: { Origin: origin } })).toEqual({
      preflight: false,
      headers: {
        'access-control-allow-origin': origin,
        vary: 'Origin',
        'access-control-expose-headers': 'RateLimit, RateLimit-Policy, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
      },
    });
  });
});
