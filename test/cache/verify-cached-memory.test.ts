import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator } from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { createValidationCache } from '../../src/gateway/index.js';
import { createRestrictions } from '../../src/restrict/index.js';

/** A real GC for heap measurements, without needing node --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const MiB = 1024 * 1024;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

afterEach(() => {
  delete (crypto.subtle as { verify?: unknown }).verify; // back to SubtleCrypto.prototype.verify
});

describe('validation cache memory', () => {
  it('stays under 64 MB with 100,000 distinct keys cached, and bounded by maxEntries beyond', { timeout: 300_000 }, async () => {
    const gc = collector();
    // Signing 120,000 RSA keys would take minutes and says nothing about memory: WebCrypto's verify
    // is stubbed to "valid", everything else (decoding, checks, caching) runs for real.
    // (A plain stub: a vi.spyOn mock would keep every call's arguments alive.)
    let verified = 0;
    Object.defineProperty(crypto.subtle, 'verify', { configurable: true, value: async () => (verified++, true) });
    const { publicKey } = await generateKeyPair();
    const header = b64({ x5t: 'N2Y3NjJmZjM5ZDQ1NWYxZjNhZDE0ZDRiZDJlZGY3NmQ0OTcxNmMzNw', kid: publicKey.alias, typ: 'JWT', alg: 'RS256' });
    // A realistic key: subject, issuer, expiry, an IP and a referrer restriction.
    const keyNumber = (n: number) => {
      const input = `${header}.${b64({
        sub: `user-${n}@carbon.super`,
        iss: 'https://localhost:9443/oauth2/token',
        application: { id: n, uuid: crypto.randomUUID() },
        keytype: 'PRODUCTION',
        token_type: 'apiKey',
        permittedIP: '192.168.1.2,152.12.0.0/13',
        permittedReferer: 'www.example.com/path,*.example.com/*',
        iat: 1_800_000_000,
        exp: 1_800_086_400,
        jti: crypto.randomUUID(),
      })}`;
      return `${input}.${randomBytes(256).toString('base64url')}`; // RS256-sized signature
    };
    const validator = createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: 'app', apiContext: '/orders', apiVersion: 'v1' }]),
      apis: [{ name: 'Orders', context: '/orders', version: 'v1' }],
      cache: createValidationCache({ maxEntries: 100_000 }),
      restrictions: createRestrictions(),
      now: () => 1_800_000_000_000,
    });
    let issued = 0;
    const fill = async (count: number) => {
      for (let end = issued + count; issued < end; ) {
        const keys = Array.from({ length: 1000 }, () => keyNumber(issued++));
        await Promise.all(keys.map((apikey) => validator.validate({ url: '/orders/v1/items', headers: { apikey } })));
      }
    };

    gc();
    const before = process.memoryUsage().heapUsed;
    await fill(100_000);
    gc();
    const full = process.memoryUsage().heapUsed - before;
    // Two keys whose 30-bit digest index collides share one slot (a handful in 100,000).
    expect(validator.stats().cache?.size).toBeGreaterThan(99_900);
    await fill(20_000);
    gc();
    const beyond = process.memoryUsage().heapUsed - before;
    expect(validator.stats().cache?.size).toBeLessThanOrEqual(100_000);
    console.log(`cache memory: ${(full / MiB).toFixed(1)} MiB at 100,000 keys (${Math.round(full / 100_000)} B/key), ${(beyond / MiB).toFixed(1)} MiB after 120,000`);
    expect(full).toBeLessThan(64 * MiB);
    expect(beyond).toBeLessThan(full * 1.1 + 2 * MiB);
    expect(verified).toBe(120_000);
  });
});
