import { expect } from 'vitest';
import { isKeygateError, type KeygateErrorCode } from '../../src/index.js';

/** What `run` throws, or `undefined` when it returns. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** Asserts that `run` throws a KeygateError with `code` whose message matches `message`; returns the message. */
export function expectKeygateError(run: () => unknown, code: KeygateErrorCode, message?: RegExp | string): string {
  const err = thrownBy(run);
  expect(isKeygateError(err) && err.code, String(err)).toBe(code);
  const text = (err as Error).message;
  if (typeof message === 'string') expect(text).toContain(message);
  else if (message) expect(text).toMatch(message);
  return text;
}
