import { describe, expect, inject, it } from 'vitest';
import { expectFlowResults } from './expectations.js';
import { lastJson, run, type Runtime } from './run.js';

/** The built package, installed from its tarball, in each server-side runtime. */
describe.each<[string, Runtime, string]>([
  ['Node ESM (import)', 'node', 'run-esm.mjs'],
  ['Node CJS (require)', 'node', 'run-cjs.cjs'],
  ['Deno', 'deno', 'run-esm.mjs'],
  ['Bun', 'bun', 'run-esm.mjs'],
])('%s', (_name, runtime, script) => {
  it('generates keys, issues a key, accepts it, refuses a tampered one and serves through withApiKey', async () => {
    const result = await run(runtime, script, inject('consumerDir'));
    expect(result.code, result.stderr).toBe(0);
    expectFlowResults(lastJson(result));
  });
});
