import { describe, expect, it } from 'vitest';
import { createMemoryRevocationStore, createMemorySubscriptionStore, createValidator, KeygateError } from '../../src/index.js';
import { createBackendJwt, createClientIpResolver, createThrottle, createValidationCache } from '../../src/gateway/index.js';
import { createJwksKeyStore, generateKeyPair, importKey } from '../../src/keys/index.js';
import { issueKey, revokeKey } from '../../src/issue/index.js';
import { checkOptionNames } from '../../src/options/known.js';
import { createKeyService, createMemoryKeyInventory } from '../../src/service/index.js';
import { PIZZA, sharedKeyPair } from '../helpers/fixtures.js';

describe('unknown options fail loudly (plain JavaScript has no compiler to catch a typo)', () => {
  it('names the option and suggests the one meant', () => {
    expect(() => checkOptionNames({ cacheTTL: 5 }, { cacheTtl: true, cooldown: true }, 'createJwksKeyStore')).toThrow(
      'createJwksKeyStore: unknown option "cacheTTL" (did you mean "cacheTtl"?)',
    );
    expect(() => checkOptionNames({ colour: 1 }, { alg: true }, 'f')).toThrow('f: unknown option "colour"');
    expect(() => checkOptionNames('x' as never, { alg: true }, 'f')).toThrow('f: options must be an object');
  });

  it('in every factory that takes options', async () => {
    const { publicKey, privateKey } = await sharedKeyPair();
    const base = { keys: [publicKey], subscriptions: createMemorySubscriptionStore([]), apis: [PIZZA] };
    const typo = { typo: true } as never;
    const calls: [string, () => unknown][] = [
      ['createValidator', () => createValidator({ ...base, clockTolerence: 5 } as never)],
      ['createValidationCache', () => createValidationCache(typo)],
      ['createThrottle', () => createThrottle(typo)],
      ['createBackendJwt', () => createBackendJwt({ signingKey: privateKey, ...(typo as object) })],
      ['createClientIpResolver', () => createClientIpResolver({ trustedProxy: ['10.0.0.0/8'] } as never)],
      ['createMemoryRevocationStore', () => createMemoryRevocationStore(typo)],
      ['createJwksKeyStore', () => createJwksKeyStore('https://issuer.example/jwks.json', typo)],
      ['createKeyService', () => createKeyService(typo)],
      ['createMemoryKeyInventory', () => createMemoryKeyInventory(typo)],
    ];
    for (const [name, call] of calls) {
      expect(call, name).toThrow(KeygateError);
      expect(call, name).toThrow(new RegExp(`^${name}: unknown option`));
    }
    await expect(generateKeyPair(typo)).rejects.toThrow(/^generateKeyPair: unknown option "typo"/);
    await expect(importKey('x', typo)).rejects.toThrow(/^importKey: unknown option "typo"/);
    await expect(issueKey({ signingKey: privateKey, application: { uuid: 'a' }, validity: 60 } as never)).rejects.toThrow(/^issueKey: unknown option "validity"/);
    await expect(revokeKey(createMemoryRevocationStore(), 'jti', { expires: 1 } as never)).rejects.toThrow(/^revokeKey: unknown option "expires" \(did you mean "expiresAt"\?\)/);
  });
});
