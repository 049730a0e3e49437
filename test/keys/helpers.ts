import { expect } from 'vitest';
import { algorithmSpec, subtle } from '../../src/jws/algorithms.js';
import { isKeygateError } from '../../src/errors.js';
import type { KeygateErrorCode } from '../../src/errors.js';
import type { PrivateKey, PublicKey } from '../../src/keys/types.js';

const data = new TextEncoder().encode('header.payload');

/** Signs with the private key and verifies with the public key through WebCrypto directly. */
export async function signsAndVerifies(privateKey: PrivateKey, publicKey: PublicKey): Promise<boolean> {
  const params = algorithmSpec(privateKey.alg).signParams;
  const signature = await subtle().sign(params, privateKey.cryptoKey, data);
  return subtle().verify(algorithmSpec(publicKey.alg).signParams, publicKey.cryptoKey, signature, data);
}

/** Asserts that a promise rejects (or a function throws) with a KeygateError of the given code. */
export async function expectKeygateError(run: () => unknown, code: KeygateErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(isKeygateError(caught), `expected KeygateError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}
