import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/index.js';
import { apiArgument, duration, parseCommandArgs } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/run.js';

const neverThrowsButKeygateError = (run: () => unknown): boolean => {
  try {
    run();
    return true;
  } catch (error) {
    return isKeygateError(error) && error.code === 'ERR_INVALID_OPTION';
  }
};

describe('CLI argument parsers', () => {
  it('duration accepts seconds, or a whole number of s, m, h or d, and nothing else', () => {
    const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
    fc.assert(
      fc.property(fc.string(), (value) => {
        const match = /^([0-9]{1,12})([smhd]?)$/.exec(value);
        const expected = match === null ? undefined : Number(match[1]) * UNIT[match[2]!]!;
        let result: number | undefined;
        expect(neverThrowsButKeygateError(() => (result = duration(value, '--validity')))).toBe(true);
        expect(result).toBe(expected === 0 ? undefined : expected);
      }),
    );
    expect([duration('3600', '--v'), duration('90s', '--v'), duration('90m', '--v'), duration('1h', '--v'), duration('30d', '--v')]).toEqual([
      3600, 90, 5400, 3600, 2_592_000,
    ]);
    for (const bad of ['0', '0h', '-1', '1e3', '0x10', ' 1', '1.5h', '1H', '1w', 'h', '', '１']) expect(() => duration(bad, '--x')).toThrow(/^--x must be a positive duration/);
  });

  it('apiArgument splits CONTEXT:VERSION at the last colon and wants a /context', () => {
    expect(apiArgument('/pizzashack:1.0.0', '--api')).toEqual({ context: '/pizzashack', version: '1.0.0' });
    expect(apiArgument('/t/acme.com/orders:v1:2', '--api')).toEqual({ context: '/t/acme.com/orders:v1', version: '2' });
    for (const bad of ['pizzashack:1.0.0', '/pizzashack', '/pizzashack:', ':1.0.0']) {
      expect(() => apiArgument(bad, '--api')).toThrow('--api must be CONTEXT:VERSION');
    }
    fc.assert(
      fc.property(fc.string(), (value) => neverThrowsButKeygateError(() => apiArgument(value, '--api'))),
    );
  });

  it('parseCommandArgs throws nothing but usage errors', () => {
    const options = { key: { type: 'string' }, ip: { type: 'string', multiple: true }, full: { type: 'boolean' } } as const;
    const flag = fc.constantFrom('--key', '--ip', '--full', '-h', '--', '--full=1', '-x');
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), flag)), (argv) => neverThrowsButKeygateError(() => parseCommandArgs(argv, options, 1))));
    expect(parseCommandArgs(['--ip', 'a', '--ip', 'b', '--full', 'pos'], options, 1)).toEqual({
      values: { ip: ['a', 'b'], full: true },
      positionals: ['pos'],
    });
    expect(parseCommandArgs(['--key', 'k', '--help'], options, 0)).toBeUndefined();
  });

  it('runCli answers any arguments with an exit status and, on failure, exactly one line on stderr', async () => {
    // keygen is left out: it writes files; and demo: it serves until stopped.
    const command = fc.oneof(
      fc.constantFrom('issue', 'inspect', 'verify', 'jwks'),
      fc.string().filter((s) => s.length > 0 && !s.startsWith('-') && !['help', 'keygen', 'demo'].includes(s)),
    );
    const arg = fc.oneof(fc.string(), fc.constantFrom('--key', '--ip', '--api', '--full', '--json', '--public', '-h', '-', 'a.b.c', '--validity'));
    await fc.assert(
      fc.asyncProperty(command, fc.array(arg, { maxLength: 6 }), async (name, rest) => {
        let out = '';
        let err = '';
        const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), readStdin: () => Promise.resolve('') };
        const status = await runCli([name, ...rest], io);
        expect([0, 1, 2]).toContain(status);
        if (status !== 0 && out === '') {
          expect(err.endsWith('\n')).toBe(true);
          expect(err.slice(0, -1)).not.toContain('\n');
        }
      }),
      { numRuns: 200 },
    );
  });
});
