import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpCli, type Cli } from './harness.js';

let cli: Cli;
beforeAll(async () => {
  cli = await setUpCli();
});

const COMMANDS = ['keygen', 'issue', 'inspect', 'verify', 'jwks', 'revoke', 'keys', 'demo'];

/** An error is one line on stderr, prefixed with the program (and command) name. */
function expectOneLineError(stderr: string, prefix: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr.startsWith(prefix)).toBe(true);
}

describe('keygate (the bin)', () => {
  it('--help lists every command and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await cli.run(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: keygate <command>');
      for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c}`);
    }
  });

  it("--version and -v print the package's version and exit 0", async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await cli.run([flag]);
      expect([r.status, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
    }
    expect((await cli.run(['--help'])).stdout).toContain("'keygate --version'");
  });

  it('no arguments: usage on stderr, exit 2', async () => {
    const r = await cli.run([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: keygate <command>');
  });

  it('an unknown command is a one-line error, exit 2', async () => {
    const r = await cli.run(['mint']);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, "keygate: unknown command 'mint'");
  });

  it.each(COMMANDS)('%s --help (and help %s) print its usage and exit 0', async (command) => {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const r = await cli.run(args);
      expect(r.status).toBe(0);
      expect(r.stdout.startsWith(`Usage: keygate ${command}`)).toBe(true);
      expect(r.stdout).toContain('-h, --help');
      expect(r.stderr).toBe('');
    }
  });

  it.each([
    [['issue', '--nope'], "keygate issue: Unknown option '--nope'"],
    [['issue', '--key'], "keygate issue: Option '--key <value>' argument missing"],
    [['keygen', 'extra'], "keygate keygen: unexpected argument 'extra'"],
    [['inspect', 'a', 'b'], "keygate inspect: unexpected extra argument 'b'"],
    [['inspect', '--json=1', 'k'], "keygate inspect: Option '--json' does not take an argument"],
    [['issue', '--app-uuid', 'x'], 'keygate issue: --key is required'],
    [['verify', 'a.b.c'], 'keygate verify: '],
    [['jwks'], 'keygate jwks: --public PEM is required'],
    [['keys', '--app', 'x'], 'keygate keys: --redis is required'],
    [['keys', '--redis', 'http://x', '--app', 'x'], 'keygate keys: --redis must be redis://'],
    [['revoke', '--redis', 'redis://x'], 'keygate revoke: give the key to revoke'],
    [['revoke', '--jti', 'j', 'a.b.c'], 'keygate revoke: give the key to revoke'],
  ])('usage error %j: one line, exit 2', async (args, prefix) => {
    const r = await cli.run(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLineError(r.stderr, prefix);
  });

  it('a missing file is a one-line error naming the file, exit 1', async () => {
    const r = await cli.run(['issue', '--key', 'missing.pem', '--app-uuid', 'x']);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, 'keygate issue: missing.pem: no such file or directory');
  });
});
