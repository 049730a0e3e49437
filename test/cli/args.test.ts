import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeygateError } from '../../src/index.js';
import { apiArgument, parseCommandArgs, positiveInteger } from '../../src/cli/args.js';
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
  it('positiveInteger accepts exactly the decimal numerals of 1..2^53-1', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const valid = /^[0-9]{1,12}$/.test(value) && Number(value) > 0;
        let result: number | undefined;
        expect(neverThrowsButKeygateError(() => (result = positiveInteger(value, '--validity')))).toBe(true);
        expect(result !== undefined).toBe(valid);
        if (valid) expect(result).toBe(Number(value));
      }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (n) => positiveInteger(String(n), '--x') === n));
    for (const bad of ['0', '-1', '1e3', '0x10', ' 1', '1.0', '', '１']) expect(() => positiveInteger(bad, '--x')).toThrow(/--x/);
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
    // keygen is left out: it writes files.
    const command = fc.oneof(fc.constantFrom('issue', 'inspect', 'verify', 'jwks'), fc.string().filter((s) => s.length > 0 && !s.startsWith('-') && s !== 'help' && s !== 'keygen'));
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
