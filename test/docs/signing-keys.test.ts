/** docs/signing-keys.md: the rotation with the built bin, then a gateway on createJwksKeyStore. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Validator } from '../../src/index.js';
import { buildProgram } from '../helpers/programs.js';
import { blocksOf, runGuide, runShellBlocks } from './guide-runner.js';

let bin = '';
beforeAll(async () => {
  bin = await buildProgram('keygate');
});

describe('docs/signing-keys.md', () => {
  it('rotates with the CLI, and a gateway on createJwksKeyStore trusts the published set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-guide-'));
    const [rotation] = runShellBlocks(blocksOf('docs/signing-keys.md', 'sh'), dir, bin);
    expect(rotation?.match(/^valid$/gm)).toHaveLength(2);
    expect(rotation).toContain('[unknown_kid]');
    expect(rotation).toContain('old key refused');

    const jwks = readFileSync(join(dir, 'jwks.json'), 'utf8');
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(String(url));
      return new Response(jwks, { headers: { 'content-type': 'application/json' } });
    });
    try {
      const { validator } = (await runGuide('docs/signing-keys.md')) as { validator: Validator };
      const apiKey = runShellBlocks(['keygate issue --key keys-2026/private.pem --app-uuid app-1'], dir, bin)[0]!.trim();
      const result = await validator.validate({ url: 'https://gw.example.com/shop/v1/cart', headers: { apikey: apiKey } });
      expect(result.ok).toBe(true);
      expect(fetched).toEqual(['https://issuer.example.com/.well-known/jwks.json']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
