/**
 * Finding: an RSA-PSS key whose SPKI (or PKCS#8) carries RSASSA-PSS-params restricting it to
 * SHA-512 was imported as PS256, so it verified (and signed) SHA-256 signatures its owner had
 * ruled out. The parameters now fix the algorithm (PS512 here), a conflicting `alg` is refused,
 * and parameters no JWS algorithm satisfies (MGF1 with another hash, a longer salt, SHA-1) make
 * the key refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../src/issue/index.js';
import { importKey, importPrivateKey, importPublicKey } from '../../src/keys/index.js';
import { pizzaGateway } from '../helpers/fixtures.js';
import { expectKeygateError, signsAndVerifies } from '../keys/helpers.js';
import { openssl } from '../keys/openssl.js';

/** A PSS key made by openssl with these -pkeyopt's: its PKCS#8, SPKI and self-signed certificate as PEM. */
function pssKey(...pkeyopts: string[]): { key: string; pub: string; cert: string } {
  const opts = ['rsa_keygen_bits:2048', ...pkeyopts].flatMap((opt) => ['-pkeyopt', opt]);
  // The certificate is signed with the key, within its own restriction.
  const md = pkeyopts.find((opt) => opt.startsWith('rsa_pss_keygen_md:'))?.split(':')[1] ?? 'sha256';
  const out = openssl(
    [
      ['genpkey', '-algorithm', 'RSA-PSS', ...opts, '-out', 'key.pem'],
      ['pkey', '-in', 'key.pem', '-pubout', '-out', 'pub.pem'],
      ['req', '-x509', '-key', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=pss', `-${md}`],
    ],
    ['key.pem', 'pub.pem', 'cert.pem'],
  );
  return { key: out['key.pem']!.toString(), pub: out['pub.pem']!.toString(), cert: out['cert.pem']!.toString() };
}

describe('RSA-PSS keys restricted by their parameters', () => {
  let sha512: ReturnType<typeof pssKey>;
  let sha256: ReturnType<typeof pssKey>;
  beforeAll(() => {
    sha512 = pssKey('rsa_pss_keygen_md:sha512', 'rsa_pss_keygen_mgf1_md:sha512', 'rsa_pss_keygen_saltlen:64');
    sha256 = pssKey('rsa_pss_keygen_md:sha256', 'rsa_pss_keygen_mgf1_md:sha256');
  });

  it('imports a key restricted to SHA-512 as PS512, from its SPKI, certificate and PKCS#8', async () => {
    expect((await importPublicKey(sha512.pub)).alg).toBe('PS512');
    expect((await importPublicKey(sha512.cert)).alg).toBe('PS512');
    const privateKey = await importPrivateKey(sha512.key);
    expect(privateKey.alg).toBe('PS512');
    expect(await signsAndVerifies(privateKey, await importPublicKey(sha512.pub))).toBe(true);
    // And the API keys it signs validate.
    const gw = await pizzaGateway({ keys: [await importPublicKey(sha512.cert)] });
    const apiKey = await issueKey({ signingKey: privateKey, application: { uuid: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547' } });
    expect(await gw.call(apiKey)).toMatchObject({ ok: true });
  });

  it('refuses an alg that conflicts with the restriction', async () => {
    for (const alg of ['PS256', 'PS384', 'RS512', 'RS256'] as const) {
      await expectKeygateError(() => importPublicKey(sha512.pub, { alg }), 'ERR_UNSUPPORTED_ALGORITHM');
      await expectKeygateError(() => importPrivateKey(sha512.key, { alg }), 'ERR_UNSUPPORTED_ALGORITHM');
      await expectKeygateError(() => importPublicKey(sha512.cert, { alg }), 'ERR_UNSUPPORTED_ALGORITHM');
    }
    await expect(importPublicKey(sha512.pub, { alg: 'PS256' })).rejects.toThrow('restricted to PS512 (it needs PS512)');
    expect((await importPublicKey(sha512.pub, { alg: 'PS512' })).alg).toBe('PS512');
    expect((await importPrivateKey(sha256.key)).alg).toBe('PS256');
    await expectKeygateError(() => importPublicKey(sha256.pub, { alg: 'PS512' }), 'ERR_UNSUPPORTED_ALGORITHM');
  });

  it('refuses parameters no JWS algorithm meets, in SPKI and PKCS#8 alike', async () => {
    // openssl's `-pkeyopt rsa_pss_keygen_md:sha512` alone leaves MGF1 at its default, SHA-1: PS512 would break it.
    const mgf1Sha1 = pssKey('rsa_pss_keygen_md:sha512');
    const longSalt = pssKey('rsa_pss_keygen_md:sha256', 'rsa_pss_keygen_mgf1_md:sha256', 'rsa_pss_keygen_saltlen:40');
    const sha1 = pssKey('rsa_pss_keygen_md:sha1');
    for (const [material, message] of [
      [mgf1Sha1.pub, /MGF1 with SHA-1 \(the default\), PS512 needs MGF1 with SHA-512.*rsa_pss_keygen_mgf1_md:sha512/],
      [mgf1Sha1.key, /MGF1 with SHA-1/],
      [mgf1Sha1.cert, /MGF1 with SHA-1/],
      [longSalt.pub, /least salt length 40 exceeds the 32 bytes PS256 uses/],
      [longSalt.key, /least salt length 40/],
      [sha1.pub, /restricted to SHA-1 \(the default\); JWS RSA-PSS uses SHA-256, SHA-384 or SHA-512/], // all defaults: SHA-1
    ] as const) {
      await expectKeygateError(() => importKey(material), 'ERR_UNSUPPORTED_ALGORITHM');
      await expect(importKey(material)).rejects.toThrow(message);
    }
  });

  it('still reads a PSS key without parameters as any PS* (PS256 by default)', async () => {
    const free = pssKey();
    expect((await importPublicKey(free.pub)).alg).toBe('PS256');
    expect((await importPublicKey(free.pub, { alg: 'PS512' })).alg).toBe('PS512');
  });
});
