import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/audit/fingerprint.js';

describe('keyFingerprint', () => {
  it('is the first 16 hex digits of the SHA-256 of the key as sent', async () => {
    const key = 'eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiIxIn0.c2ln';
    expect(await keyFingerprint(key)).toBe(createHash('sha256').update(key).digest('hex').slice(0, 16));
    expect(await keyFingerprint(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(await keyFingerprint(`${key}=`)).not.toBe(await keyFingerprint(key));
  });
});
