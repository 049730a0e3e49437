/**
 * Finding: with the audit plugin, a key of megabytes was hashed for its fingerprint before the
 * length check refused it (20 ms for 8 MB, per call). A key longer than the validator's
 * maxKeyLength must get no fingerprint: nothing digests it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuditTrail, keyFingerprint, type AuditEvent } from '../../src/gateway/index.js';
import { MENU_URL, pizzaGateway } from '../helpers/fixtures.js';

const call = (apiKey: string) => ({ url: MENU_URL, headers: { apikey: apiKey } });

describe('audit trail and oversized keys', () => {
  afterEach(() => vi.restoreAllMocks());

  it('does not hash an 8 MB key: the event has no fingerprint', async () => {
    const events: AuditEvent[] = [];
    const gw = await pizzaGateway({ audit: createAuditTrail((e) => void events.push(e)) });
    const huge = 'A'.repeat(8 * 1024 * 1024);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const result = await gw.validator.validate(call(huge));
    expect(result).toMatchObject({ ok: false, reason: 'malformed_key' });
    expect(digest).not.toHaveBeenCalled();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'refused', reason: 'malformed_key' });
    expect(events[0]).not.toHaveProperty('keyFingerprint');
  });

  it('still fingerprints a key of exactly maxKeyLength characters', async () => {
    const events: AuditEvent[] = [];
    const gw = await pizzaGateway({ maxKeyLength: 100, audit: createAuditTrail((e) => void events.push(e)) });
    await gw.validator.validate(call('B'.repeat(100)));
    await gw.validator.validate(call('B'.repeat(101)));
    expect(events[0]).toMatchObject({ keyFingerprint: await keyFingerprint('B'.repeat(100)) });
    expect(events[1]).not.toHaveProperty('keyFingerprint');
  });
});
