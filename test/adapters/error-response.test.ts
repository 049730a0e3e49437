import { describe, expect, it } from 'vitest';
import { challengeFor, errorResponse, errorResponseParts } from '../../src/adapters/error-response.js';
import { KeygateError } from '../../src/errors.js';
import { failure } from '../../src/validate/failures.js';
import { throttled } from '../../src/throttle/verdict.js';

describe('errorResponseParts', () => {
  it('answers 401 with the WSO2 body and a WWW-Authenticate challenge', () => {
    const parts = errorResponseParts(failure('bad_signature', 'The API key signature is invalid'));
    expect(parts.status).toBe(401);
    expect(JSON.parse(parts.body)).toEqual({ code: '900901', message: 'Invalid Credentials', description: 'The API key signature is invalid' });
    expect(parts.headers['www-authenticate']).toBe('ApiKey realm="keygate", error="invalid_token"');
    expect(parts.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(parts.headers['retry-after']).toBeUndefined();
  });

  it('sends the code as a string, as WSO2 does', () => {
    expect(errorResponseParts(failure('missing_key', 'none')).body).toContain('"code":"900902"');
  });

  it('answers 429 with Retry-After in whole seconds, rounded up', () => {
    const parts = errorResponseParts(throttled('subscription', 'Too many calls', 12.2));
    expect(parts.status).toBe(429);
    expect(parts.headers['retry-after']).toBe('13');
    expect(parts.headers['www-authenticate']).toBeUndefined();
  });

  it('has no challenge on 403, 404 or 503', () => {
    for (const reason of ['not_subscribed', 'unknown_api', 'store_unavailable'] as const) {
      expect(errorResponseParts(failure(reason, 'x')).headers['www-authenticate']).toBeUndefined();
    }
  });
});

describe('challengeFor', () => {
  it('puts the realm in a quoted-string', () => {
    expect(challengeFor('PizzaShack gateway')).toBe('ApiKey realm="PizzaShack gateway"');
  });

  it.each(['a"b', 'a\\b', 'a\r\nSet-Cookie: x=1', 'é', 'x'.repeat(257)])('refuses realm %j', (realm) => {
    expect(() => challengeFor(realm)).toThrow(KeygateError);
    expect(() => challengeFor(realm)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
  });
});

describe('errorResponse', () => {
  it('is a Fetch Response with the same status, headers and body', async () => {
    const response = errorResponse(failure('revoked', 'The API key has been revoked'), { realm: 'WSO2 API Manager' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="WSO2 API Manager", error="invalid_token"');
    expect(await response.json()).toEqual({ code: '900901', message: 'Invalid Credentials', description: 'The API key has been revoked' });
  });
});
