import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFile } from '../../src/cli/key-files.js';

const PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n';

describe('key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keygate-key-files-'));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("carry keygen's kid: and alg: lines", async () => {
    expect(await readKeyFile(file('ok.pem', `kid: signing-2026\nalg: EdDSA\n${PEM}`))).toMatchObject({ kid: 'signing-2026', alg: 'EdDSA' });
  });

  it('a bad annotation is an error naming the file', async () => {
    const path = file('bad.pem', `alg: HS256\n${PEM}`);
    await expect(readKeyFile(path)).rejects.toThrow(`${path}: the alg: line before the PEM block must be one of`);
  });
});
