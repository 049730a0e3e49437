import { describe, expect, it } from 'vitest';
import { createAuditTrail, createClientIpResolver, createValidationCache, keyFingerprint, type AuditEvent } from '../../src/gateway/index.js';
import { createRestrictions } from '../../src/restrict/index.js';
import { APP_UUID, MENU_URL, pizzaGateway } from '../helpers/fixtures.js';

const T0 = 1_800_000_000_000;

describe('validate with an audit trail', () => {
  it('reports allowed and refused calls with a fingerprint, never the key', async () => {
    const events: AuditEvent[] = [];
    const gw = await pizzaGateway({ now: () => T0, cache: createValidationCache(), audit: createAuditTrail((e) => void events.push(e)) });
    const key = await gw.issue({ now: () => T0 });
    await gw.validator.validate(new Request(MENU_URL, { headers: { apikey: key } }), { clientIp: '203.0.113.9' });
    await gw.call(key);
    const [h, p] = key.split('.');
    const forged = `${h}.${p}.${'A'.repeat(342)}`;
    await gw.call(forged);
    await gw.call('');
    expect(events).toHaveLength(4);
    const fp = await keyFingerprint(key);
    expect(events[0]).toEqual({
      outcome: 'allowed',
      status: 200,
      api: 'PizzaShackAPI',
      apiContext: '/pizzashack',
      apiVersion: '1.0.0',
      application: APP_UUID,
      jti: expect.any(String),
      keyType: 'PRODUCTION',
      keyFingerprint: fp,
      clientIp: '203.0.113.9',
      cached: false,
      latencyMs: expect.any(Number),
      timestamp: T0,
    });
    expect(events[1]).toMatchObject({ outcome: 'allowed', cached: true, keyFingerprint: fp });
    // A forged key's claims are not facts: no application, no jti.
    expect(events[2]).toMatchObject({ outcome: 'refused', status: 401, code: 900901, reason: 'bad_signature', keyFingerprint: await keyFingerprint(forged) });
    expect(events[2]).not.toHaveProperty('application');
    expect(events[3]).toMatchObject({ outcome: 'refused', status: 401, code: 900902, reason: 'missing_key' });
    expect(events[3]).not.toHaveProperty('keyFingerprint');
    for (const e of events) {
      expect(e.latencyMs).toBeGreaterThanOrEqual(0);
      const text = JSON.stringify(e);
      expect(text).not.toContain(key.split('.')[2]!.slice(0, 20));
      expect(text).not.toContain(p!.slice(0, 20));
    }
  });

  it('reports who was refused once the key is verified', async () => {
    const events: AuditEvent[] = [];
    const gw = await pizzaGateway({ audit: createAuditTrail((e) => void events.push(e)) });
    const key = await gw.issue({ keyType: 'SANDBOX' });
    gw.subscriptions.remove(APP_UUID, '/pizzashack', '1.0.0');
    await gw.call(key);
    expect(events[0]).toMatchObject({ outcome: 'refused', status: 403, reason: 'not_subscribed', application: APP_UUID, keyType: 'SANDBOX' });
  });

  it('reports the client address resolved behind trusted proxies, on refusals too', async () => {
    const events: AuditEvent[] = [];
    const gw = await pizzaGateway({
      clientIp: createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] }),
      restrictions: createRestrictions(),
      audit: createAuditTrail((e) => void events.push(e)),
    });
    const key = await gw.issue({ permittedIPs: ['192.0.2.0/24'] });
    const headers = { apikey: key, 'x-forwarded-for': '198.51.100.7' };
    const r = await gw.validator.validate(new Request(MENU_URL, { headers }), { clientIp: '10.1.2.3' });
    expect(!r.ok && r.description).toMatch(/restriction does not allow calls from 198\.51\.100\.7$/);
    expect(events[0]).toMatchObject({ outcome: 'refused', reason: 'ip_restricted', clientIp: '198.51.100.7' });
  });

  it('never lets a throwing or rejecting hook change the result', async () => {
    for (const onResult of [
      () => {
        throw new Error('log sink down');
      },
      () => Promise.reject(new Error('async sink down')),
    ]) {
      const gw = await pizzaGateway({ audit: createAuditTrail(onResult) });
      const r = await gw.call(await gw.issue());
      expect(r.ok).toBe(true);
    }
    expect(() => createAuditTrail('log' as never)).toThrow(/createAuditTrail needs a function/);
    // The option of earlier versions, passed straight to the validator: told which factory to use.
    await expect(pizzaGateway({ onResult: () => undefined } as never)).rejects.toThrow('pass audit: createAuditTrail(onResult)');
    await expect(pizzaGateway({ audit: (() => undefined) as never })).rejects.toThrow(/audit must be made by createAuditTrail/);
  });
});
