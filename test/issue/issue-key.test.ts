import { describe, expect, it } from 'vitest';
import { KeygateError } from '../../src/index.js';
import { decodeKey, issueKey } from '../../src/issue/index.js';
import { APP_UUID, sharedKeyPair } from '../helpers/fixtures.js';

describe('issueKey', () => {
  it('mints a lightweight key by default: few claims, no exp, unpadded segments, WSO2 header', async () => {
    const { privateKey } = await sharedKeyPair();
    const key = await issueKey({ signingKey: privateKey, subject: 'kanchana', application: { uuid: APP_UUID, id: 35, name: 'DefaultApplication' } });
    expect(key).not.toContain('=');
    expect(key.split('.')).toHaveLength(3);
    const { header, payload } = decodeKey(key);
    expect(header).toEqual({ kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256' });
    expect(Object.keys(payload).sort()).toEqual(['application', 'iat', 'jti', 'keytype', 'sub', 'token_type']);
    expect(payload.application).toEqual({ id: 35, uuid: APP_UUID });
    expect(payload.keytype).toBe('PRODUCTION');
    expect(payload.token_type).toBe('apiKey');
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('mints a full key with application details, tierInfo, subscribedAPIs, exp and restrictions', async () => {
    const { privateKey } = await sharedKeyPair();
    const now = Date.UTC(2026, 10, 27);
    const key = await issueKey({
      signingKey: privateKey,
      subject: 'kanchana',
      issuer: 'https://localhost:9443/oauth2/token',
      application: { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' },
      keyType: 'SANDBOX',
      lightweight: false,
      validityPeriod: 3600,
      tierInfo: { Unlimited: { stopOnQuotaReach: true, spikeArrestLimit: 0, spikeArrestUnit: null } },
      subscriptions: [{ name: 'PizzaShackAPI', context: '/pizzashack/1.0.0', version: '1.0.0' }],
      permittedIPs: ['192.168.1.2', '152.12.0.0/13'],
      permittedReferrers: ['www.example.com/path', '*.example.com/*'],
      now: () => now,
    });
    const { payload } = decodeKey(key);
    expect(payload).toMatchObject({
      sub: 'kanchana',
      iss: 'https://localhost:9443/oauth2/token',
      application: { owner: 'kanchana', tier: 'Unlimited', name: 'DefaultApplication', id: 35, uuid: APP_UUID },
      keytype: 'SANDBOX',
      iat: now / 1000,
      exp: now / 1000 + 3600,
      permittedIP: '192.168.1.2,152.12.0.0/13',
      permittedReferer: 'www.example.com/path,*.example.com/*',
      subscribedAPIs: [{ subscriberTenantDomain: 'carbon.super', name: 'PizzaShackAPI', context: '/pizzashack/1.0.0', publisher: 'admin', version: '1.0.0', subscriptionTier: 'Unlimited' }],
    });
  });

  it('gives every key a fresh jti', async () => {
    const { privateKey } = await sharedKeyPair();
    const ids = await Promise.all([1, 2, 3].map(() => issueKey({ signingKey: privateKey, application: { uuid: 'a' } }).then((k) => decodeKey(k).payload.jti)));
    expect(new Set(ids).size).toBe(3);
  });

  it('throws a KeygateError naming the field for bad options', async () => {
    const { privateKey, publicKey } = await sharedKeyPair();
    const base = { signingKey: privateKey, application: { uuid: APP_UUID } };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ application: {} }, /application\.uuid/],
      [{ application: undefined }, /application/],
      [{ signingKey: publicKey }, /signingKey/],
      [{ validityPeriod: -5 }, /validityPeriod/],
      [{ validityPeriod: 0 }, /validityPeriod/],
      [{ validityPeriod: Number.NaN }, /validityPeriod/],
      [{ keyType: 'DEV' }, /keyType/],
      [{ subscriptions: [{ name: 'a', context: '/a', version: '1' }] }, /lightweight: false/],
      [{ lightweight: false }, /subscriptions/],
      [{ lightweight: false, subscriptions: [{ name: 'a', version: '1' }] }, /subscriptions\[0\]\.context/],
      [{ permittedIPs: ['10.0.0.1', ''] }, /permittedIPs\[1\]/],
      [{ permittedIPs: ['10.0.0.1,10.0.0.2'] }, /permittedIPs\[0\].*comma/],
      [{ permittedReferrers: ['a b'] }, /permittedReferrers\[0\]/],
      [{ subject: 42 }, /subject/],
      [{ application: { uuid: APP_UUID, id: 3.5 } }, /application\.id must be an integer/],
      [{ application: { uuid: APP_UUID, id: '35' } }, /application\.id must be an integer/],
      [{ lightweight: false, subscriptions: [{ name: 'a', context: '/a', version: '1' }], tierInfo: [] }, /tierInfo must be an object/],
      [{ lightweight: false, subscriptions: [{ name: 'a', context: '/a', version: '1' }], tierInfo: { Gold: { spikeArrestLimit: -1 } } }, /tierInfo\.Gold\.spikeArrestLimit/],
      [{ lightweight: false, subscriptions: [{ name: 'a', context: '/a', version: '1' }], tierInfo: { Gold: { spikeArrestUnit: 'hour' } } }, /tierInfo\.Gold\.spikeArrestUnit/],
      [{ lightweight: false, subscriptions: [{ name: 'a', context: '/a', version: '1' }], tierInfo: { Gold: { stopOnQuotaReach: 'no' } } }, /tierInfo\.Gold\.stopOnQuotaReach/],
    ];
    for (const [override, message] of bad) {
      await expect(issueKey({ ...base, ...override } as never), JSON.stringify(override)).rejects.toThrow(message);
      await expect(issueKey({ ...base, ...override } as never)).rejects.toBeInstanceOf(KeygateError);
    }
  });
});
