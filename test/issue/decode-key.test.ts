import { describe, expect, it } from 'vitest';
import { KeygateError } from '../../src/index.js';
import { decodeKey } from '../../src/issue/index.js';
import { SEED_SAMPLE_KEY } from '../helpers/fixtures.js';

describe('decodeKey', () => {
  it("reads the product doc's padded WSO2 sample key", () => {
    const { header, payload } = decodeKey(SEED_SAMPLE_KEY);
    expect(header).toMatchObject({ kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256' });
    expect(payload).toMatchObject({ sub: 'kanchana', keytype: 'PRODUCTION', iat: 1571765696, jti: 'a9ef01fb-d405-44a6-9ed2-6e7af52dd783' });
    expect(payload.exp).toBeUndefined();
    expect((payload.subscribedAPIs as { context: string }[])[0]!.context).toBe('/pizzashack/1.0.0');
    expect(decodeKey(decodeURIComponent(encodeURIComponent(SEED_SAMPLE_KEY))).payload.sub).toBe('kanchana');
  });

  it('throws ERR_MALFORMED_KEY without repeating the key', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', '!!.??.**', SEED_SAMPLE_KEY.replace('.', '.x'), 'x'.repeat(20_000)]) {
      try {
        decodeKey(bad);
        expect.unreachable(bad);
      } catch (err) {
        expect(err).toBeInstanceOf(KeygateError);
        expect((err as KeygateError).code).toBe('ERR_MALFORMED_KEY');
        if (bad.length > 8) expect((err as Error).message).not.toContain(bad.slice(0, 8));
      }
    }
  });
});
