import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import { algorithmSpec, subtle, SUPPORTED_ALGORITHMS } from '../../src/jws/algorithms.js';
import { signJws } from '../../src/jws/sign.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { importKey, importPrivateKey, importPublicKey } from '../../src/keys/import.js';
import { exportJwks } from '../../src/keys/jwks.js';
import { expectKeygateError, signsAndVerifies } from './helpers.js';
import { selfSignedCertificate } from './openssl.js';

describe('exportJwks', () => {
  it('publishes each public key once, with kid, alg and use', async () => {
    const a = await generateKeyPair({ alg: 'ES256', alias: 'a' });
    const b = await generateKeyPair({ alg: 'RS256', alias: 'b' });
    const jwks = await exportJwks([a.publicKey, b.publicKey]);
    expect(jwks.keys.map((k) => [k.kid, k.alg, k.use])).toEqual([
      ['a', 'ES256', 'sig'],
      ['b', 'RS256', 'sig'],
    ]);
    expect(await exportJwks([])).toEqual({ keys: [] });
  });

  it('refuses private keys, duplicate kids and non-arrays', async () => {
    const a = await generateKeyPair({ alg: 'ES256', alias: 'a', extractable: true });
    const again = await generateKeyPair({ alg: 'ES256', alias: 'a' });
    await expectKeygateError(() => exportJwks([a.privateKey as never]), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => exportJwks([a.publicKey, again.publicKey]), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => exportJwks(a.publicKey as never), 'ERR_INVALID_OPTION');
  });
});

describe('interop with jose', () => {
  it.each(SUPPORTED_ALGORITHMS)('%s: jose verifies our signature against exportJwks', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair({ alg, alias: `kid-${alg}` });
    const other = await generateKeyPair({ alg: 'ES256', alias: 'other' });
    const jwks = jose.createLocalJWKSet(await exportJwks([other.publicKey, publicKey]));
    const token = await signJws({ typ: 'JWT' }, { sub: 'interop' }, privateKey);
    const { payload, protectedHeader } = await jose.jwtVerify(token, jwks);
    expect(payload.sub).toBe('interop');
    expect(protectedHeader).toMatchObject({ alg, kid: `kid-${alg}` });
    const single = await jose.importJWK((await exportJwks([publicKey])).keys[0]!, alg);
    expect((await jose.compactVerify(token, single)).protectedHeader.alg).toBe(alg);
  });

  it('a certificate key exported with WSO2-style x5t is still accepted by jose', async () => {
    const { cert, key } = selfSignedCertificate();
    const signing = await importPrivateKey(key, { alias: 'wso2carbon' });
    const jwks = await exportJwks([await importPublicKey(cert, { alias: 'wso2carbon' })]);
    const token = await signJws({ typ: 'JWT' }, { sub: 'x' }, signing);
    expect((await jose.jwtVerify(token, jose.createLocalJWKSet(jwks))).payload.sub).toBe('x');
  });

  it.each(SUPPORTED_ALGORITHMS)('%s: keys jose generates import here (PKCS#8, SPKI, JWK) and pair up', async (alg) => {
    const pair = await jose.generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
    const options = { alg };
    const privateKey = await importPrivateKey(await jose.exportPKCS8(pair.privateKey), options);
    const publicKey = await importPublicKey(await jose.exportSPKI(pair.publicKey), options);
    expect(await signsAndVerifies(privateKey, publicKey)).toBe(true);
    const fromJwk = await importKey({ ...(await jose.exportJWK(pair.publicKey)), kid: 'jose' }, options);
    expect(fromJwk).toMatchObject({ type: 'public', alias: 'jose', alg });
    const token = await signJws({ typ: 'JWT' }, { sub: 'ours' }, privateKey);
    expect((await jose.jwtVerify(token, pair.publicKey)).payload.sub).toBe('ours');
    const theirs = await new jose.SignJWT({ sub: 'theirs' }).setProtectedHeader({ alg }).sign(pair.privateKey);
    const [h, p, s] = theirs.split('.');
    const signature = new Uint8Array(Buffer.from(s!, 'base64url'));
    const ok = await subtle().verify(algorithmSpec(alg).signParams, fromJwk.cryptoKey, signature, new TextEncoder().encode(`${h}.${p}`));
    expect(ok).toBe(true);
  });
});
