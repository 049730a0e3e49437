/** docs/restricting-keys.md: the TypeScript block against src/, the shell block with the built bin. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../helpers/programs.js';
import { blocksOf, runGuide, runShellBlocks } from './guide-runner.js';

let bin = '';
beforeAll(async () => {
  bin = await buildProgram('keygate');
});

describe('docs/restricting-keys.md', () => {
  it('runs and prints what it says', async () => {
    await runGuide('docs/restricting-keys.md');
  });

  it('shows the 403 body the validator gives for the refused address', () => {
    const [body] = blocksOf('docs/restricting-keys.md', 'json');
    expect(JSON.parse(body!)).toEqual({
      code: '900908',
      message: 'Resource forbidden',
      description: "Access forbidden for the invocations: the key's IP restriction does not allow calls from 192.168.1.3",
    });
  });

  it('its command-line block issues a restricted key that verifies from an allowed place only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygate-restrict-'));
    const [out] = runShellBlocks(blocksOf('docs/restricting-keys.md', 'sh'), dir, bin);
    expect(out).toMatch(/^valid/m);
    const key = runShellBlocks(['cat restricted-key.txt'], dir, bin)[0]!.trim();
    const verify = (args: string): string => {
      try {
        return runShellBlocks([`keygate verify "${key}" --public keys/public.pem ${args}`], dir, bin)[0]!;
      } catch (err) {
        return String((err as { stdout?: string }).stdout);
      }
    };
    expect(verify('--ip 152.15.0.9')).toMatch(/\[referrer_restricted\]/);
    expect(verify('--referrer https://shop.example.com/')).toMatch(/\[ip_restricted\]/);
    expect(verify('--ip 10.0.0.1 --referrer https://shop.example.com/')).toMatch(/\[ip_restricted\]/);
    let refused = '';
    try {
      runShellBlocks(['keygate issue --key keys/private.pem --app-uuid x --ip 010.0.0.1'], dir, bin);
    } catch (err) {
      refused = String((err as { stderr?: string }).stderr);
    }
    expect(refused).toMatch(/--ip value 1 is invalid: IP address "010.0.0.1" has a part with a leading zero/);
  });
});
