import { describe, expect, it } from 'vitest';
import { decodeSigned, splitCompactJws } from '../../src/jws/compact.js';
import { startSignatureCheck } from '../../src/jws/verify.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { issueKey } from '../../src/issue/issue-key.js';

const limits = { maxLength: 16384, maxJsonDepth: 16 };

async function started(token: string, key: Awaited<ReturnType<typeof generateKeyPair>>['publicKey']) {
  const jws = splitCompactJws(token, limits);
  if (typeof jws === 'string') throw new Error(jws);
  const signed = decodeSigned(jws);
  if (typeof signed === 'string') throw new Error(signed);
  const check = startSignatureCheck(signed, key);
  return { signed, check };
}

describe('startSignatureCheck', () => {
  it('lets WebCrypto copy its inputs: the reused buffers can change as soon as it returns', async () => {
    const { privateKey, publicKey } = await generateKeyPair();
    const token = await issueKey({ signingKey: privateKey, application: { uuid: 'app' } });
    const { signed, check } = await started(token, publicKey);
    signed.signature.fill(0);
    signed.signingInput.fill(46);
    expect(await check).toBe(true);
  });

  it('answers false at once for an ECDSA signature of the wrong length', async () => {
    const { privateKey, publicKey } = await generateKeyPair({ alg: 'ES256' });
    const token = await issueKey({ signingKey: privateKey, application: { uuid: 'app' } });
    const { check } = await started(`${token}AAAA`, publicKey);
    expect(check).toBe(false);
  });
});
