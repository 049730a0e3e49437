import { describe, expect, it } from 'vitest';
import { KeygateError, isKeygateError } from '../src/errors.js';

describe('KeygateError', () => {
  it('carries a stable code and a message', () => {
    const err = new KeygateError('ERR_INVALID_OPTION', 'application.uuid is required');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('KeygateError');
    expect(err.code).toBe('ERR_INVALID_OPTION');
    expect(isKeygateError(err)).toBe(true);
  });

  it('recognises a KeygateError from another bundle copy by shape', () => {
    const foreign = Object.assign(new Error('x'), { name: 'KeygateError', code: 'ERR_INVALID_IP' });
    expect(isKeygateError(foreign)).toBe(true);
    // Every entry point bundles its own copy of the class: instanceof goes by shape too.
    expect(foreign instanceof KeygateError).toBe(true);
    expect(new Error('x') instanceof KeygateError).toBe(false);
    expect(isKeygateError(new Error('x'))).toBe(false);
    expect(isKeygateError(null)).toBe(false);
  });
});
