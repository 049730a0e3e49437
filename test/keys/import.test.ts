import { describe, expect, it } from 'vitest';
import { SUPPORTED_ALGORITHMS } from '../../src/jws/algorithms.js';
import { exportJwk, exportPrivateKeyPem, exportPublicKeyPem } from '../../src/keys/export.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { importKey, importPrivateKey, importPublicKey } from '../../src/keys/import.js';
import { expectKeygateError, signsAndVerifies } from './helpers.js';
import { fingerprint, openssl, selfSignedCertificate } from './openssl.js';

const unsupported = (run: () => unknown) => expectKeygateError(run, 'ERR_UNSUPPORTED_ALGORITHM');
const invalid = (run: () => unknown) => expectKeygateError(run, 'ERR_INVALID_KEY_MATERIAL');

describe('PEM round trips', () => {
  it.each(SUPPORTED_ALGORITHMS)('%s: PKCS#8 and SPKI export and import back, and still pair up', async (alg) => {
    const pair = await generateKeyPair({ alg, extractable: true, alias: 'rt' });
    const privatePem = await exportPrivateKeyPem(pair.privateKey);
    const publicPem = await exportPublicKeyPem(pair.publicKey);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    // RSA material does not say RS or PS: the caller does (RS256 otherwise).
    const options = alg.startsWith('PS') || alg.startsWith('RS') ? { alg } : {};
    const privateKey = await importPrivateKey(privatePem, options);
    const publicKey = await importPublicKey(publicPem, options);
    expect(privateKey).toMatchObject({ type: 'private', alg, alias: 'gateway_certificate_alias' });
    expect(publicKey).toMatchObject({ type: 'public', alg });
    expect(privateKey.cryptoKey.extractable).toBe(false);
    expect(await signsAndVerifies(privateKey, pair.publicKey)).toBe(true);
    expect(await signsAndVerifies(pair.privateKey, publicKey)).toBe(true);
    expect(await exportPublicKeyPem(publicKey)).toBe(publicPem);
  });

  it('derives EC and Ed25519 algorithms and defaults RSA to RS256', async () => {
    const rsa = await generateKeyPair({ alg: 'PS512', extractable: true });
    expect((await importKey(await exportPublicKeyPem(rsa.publicKey))).alg).toBe('RS256');
    const ec = await generateKeyPair({ alg: 'ES384', extractable: true });
    expect((await importKey(await exportPrivateKeyPem(ec.privateKey))).alg).toBe('ES384');
    const ed = await generateKeyPair({ alg: 'EdDSA' });
    expect((await importKey(await exportPublicKeyPem(ed.publicKey))).alg).toBe('EdDSA');
  });

  it('refuses an algorithm that does not fit the key, saying why', async () => {
    const rsa = await generateKeyPair({ extractable: true });
    const pem = await exportPublicKeyPem(rsa.publicKey);
    await unsupported(() => importKey(pem, { alg: 'ES256' }));
    await expect(importKey(pem, { alg: 'ES256' })).rejects.toThrow('alg ES256 cannot be used with an RSA key');
    await unsupported(() => importKey(pem, { alg: 'none' as never }));
    await unsupported(() => importKey(pem, { alg: 'HS256' as never }));
    const ec = await generateKeyPair({ alg: 'ES256' });
    await expect(importKey(await exportPublicKeyPem(ec.publicKey), { alg: 'ES512' })).rejects.toThrow(/needs ES256/);
  });

  it('makes an imported private key extractable only on request, and checks options', async () => {
    const pair = await generateKeyPair({ alg: 'ES256', extractable: true });
    const pem = await exportPrivateKeyPem(pair.privateKey);
    expect((await importPrivateKey(pem, { extractable: true })).cryptoKey.extractable).toBe(true);
    await expectKeygateError(() => importKey(pem, { extractable: 1 as never }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => importKey(pem, { alias: '' }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => importKey(pem, null as never), 'ERR_INVALID_OPTION');
    expect((await importKey(pem, { alias: 'signing-2026' })).alias).toBe('signing-2026');
  });

  it('asserts the kind in importPublicKey / importPrivateKey', async () => {
    const pair = await generateKeyPair({ alg: 'ES256', extractable: true });
    await invalid(async () => importPublicKey(await exportPrivateKeyPem(pair.privateKey)));
    await invalid(async () => importPrivateKey(await exportPublicKeyPem(pair.publicKey)));
  });
});

describe('OpenSSL material', () => {
  it.each([
    ['RSA', ['-newkey', 'rsa:2048'], 'RS256'],
    ['EC P-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'ES256'],
    ['EC P-521', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'ES512'],
    ['Ed25519', ['-newkey', 'ed25519'], 'EdDSA'],
  ] as const)('%s: the key signs, the certificate verifies and carries its thumbprints', async (_name, newkey, alg) => {
    const { cert, key } = selfSignedCertificate(newkey);
    const privateKey = await importPrivateKey(key);
    const publicKey = await importPublicKey(cert, { alias: 'wso2carbon' });
    expect(privateKey.alg).toBe(alg);
    expect(publicKey).toMatchObject({ alg, alias: 'wso2carbon' });
    expect(publicKey.certificate?.sha1Hex).toBe(fingerprint(cert, 'sha1'));
    expect(publicKey.certificate?.sha256Hex).toBe(fingerprint(cert, 'sha256'));
    expect(await signsAndVerifies(privateKey, publicKey)).toBe(true);
  });

  it('a certificate given beside a private key is checked and its thumbprints attached', async () => {
    const { cert, key } = selfSignedCertificate();
    const signing = await importPrivateKey(key, { certificate: cert });
    expect(signing.certificate?.sha1Hex).toBe(fingerprint(cert, 'sha1'));
    expect(signing.cryptoKey.extractable).toBe(false);
    const other = selfSignedCertificate();
    await invalid(() => importPrivateKey(key, { certificate: other.cert }));
    await expect(importPrivateKey(key, { certificate: other.cert })).rejects.toThrow(/does not hold this key/);
    const ec = selfSignedCertificate(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    await unsupported(() => importPrivateKey(key, { certificate: ec.cert }));
    await expectKeygateError(() => importPublicKey(cert, { certificate: cert }), 'ERR_INVALID_OPTION');
    await invalid(() => importPrivateKey(key, { certificate: key }));
    await expectKeygateError(() => importPrivateKey(key, { certificate: 42 as never }), 'ERR_INVALID_OPTION');
  });

  it('reads RSA-PSS-only keys (id-RSASSA-PSS) as PS* keys only', async () => {
    const out = openssl(
      [
        ['genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'key.pem'],
        ['pkey', '-in', 'key.pem', '-pubout', '-out', 'pub.pem'],
        ['req', '-x509', '-key', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=pss', '-sigopt', 'rsa_padding_mode:pss'],
      ],
      ['key.pem', 'pub.pem', 'cert.pem'],
    );
    const [key, pub, cert] = ['key.pem', 'pub.pem', 'cert.pem'].map((f) => out[f]!.toString('utf8')) as [string, string, string];
    const privateKey = await importPrivateKey(key);
    expect(privateKey.alg).toBe('PS256');
    const publicKey = await importPublicKey(pub, { alg: 'PS256' });
    expect(await signsAndVerifies(privateKey, publicKey)).toBe(true);
    await unsupported(() => importPublicKey(pub, { alg: 'RS256' }));
    expect((await importPrivateKey(key, { alg: 'PS384', certificate: cert })).certificate?.sha1Hex).toBe(fingerprint(cert, 'sha1'));
    expect((await importPublicKey(cert)).alg).toBe('PS256');
  });

  it('refuses RSA keys under 2048 bits', async () => {
    const out = openssl([['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'key.pem']], ['key.pem']);
    await expect(importPrivateKey(out['key.pem']!.toString('utf8'))).rejects.toThrow(/1024 bits refused/);
  });

  it('explains how to convert PKCS#1, SEC1 and encrypted keys', async () => {
    const out = openssl(
      [
        ['genrsa', '-traditional', '-out', 'rsa.pem', '2048'],
        ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem'],
        ['pkcs8', '-topk8', '-in', 'rsa.pem', '-passout', 'pass:secret', '-out', 'enc.pem'],
        ['rsa', '-in', 'rsa.pem', '-RSAPublicKey_out', '-out', 'rsapub.pem'],
      ],
      ['rsa.pem', 'ec.pem', 'enc.pem', 'rsapub.pem'],
    );
    const text = (name: string) => out[name]!.toString('utf8');
    await expect(importKey(text('rsa.pem'))).rejects.toThrow(/PKCS#1 RSA private key: convert it with `openssl pkcs8 -topk8 -nocrypt/);
    await expect(importKey(text('ec.pem'))).rejects.toThrow(/SEC1 EC private key/);
    await expect(importKey(text('enc.pem'))).rejects.toThrow(/encrypted private key/);
    await expect(importKey(text('rsapub.pem'))).rejects.toThrow(/PKCS#1 RSA public key/);
    for (const name of ['rsa.pem', 'ec.pem', 'enc.pem', 'rsapub.pem']) await invalid(() => importKey(text(name)));
  });

  it('refuses keys of other types with the OID in the message', async () => {
    const out = openssl(
      [
        ['genpkey', '-algorithm', 'X25519', '-out', 'x.pem'],
        ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1', '-out', 'k1.pem'],
      ],
      ['x.pem', 'k1.pem'],
    );
    await expect(importKey(out['x.pem']!.toString('utf8'))).rejects.toThrow(/unsupported key algorithm 1\.3\.101\.110/);
    await expect(importKey(out['k1.pem']!.toString('utf8'))).rejects.toThrow(/unsupported EC curve 1\.3\.132\.0\.10/);
  });
});

describe('JWK import', () => {
  it.each(SUPPORTED_ALGORITHMS)('%s: private and public JWKs import, with kid as the alias', async (alg) => {
    const pair = await generateKeyPair({ alg, extractable: true, alias: `kid-${alg}` });
    const privateJwk = await exportJwk(pair.privateKey);
    const publicJwk = await exportJwk(pair.publicKey);
    const privateKey = await importPrivateKey(privateJwk);
    const publicKey = await importPublicKey(JSON.stringify(publicJwk));
    expect(privateKey).toMatchObject({ alg, alias: `kid-${alg}` });
    expect(publicKey).toMatchObject({ alg, alias: `kid-${alg}` });
    expect(await signsAndVerifies(privateKey, publicKey)).toBe(true);
  });

  it('uses the JWK alg, which must agree with options.alg', async () => {
    const pair = await generateKeyPair({ alg: 'PS384', alias: 'a' });
    const jwk = await exportJwk(pair.publicKey);
    expect((await importKey(jwk)).alg).toBe('PS384');
    expect((await importKey(jwk, { alg: 'PS384', alias: 'b' })).alias).toBe('b');
    await unsupported(() => importKey(jwk, { alg: 'RS256' }));
    const { alg: _alg, kid: _kid, ...bare } = jwk;
    expect(await importKey(bare)).toMatchObject({ alg: 'RS256', alias: 'gateway_certificate_alias' });
    expect((await importKey({ ...bare, alg: 'RS512', key_ops: ['verify'], ext: true, use: 'sig' })).alg).toBe('RS512');
  });

  it('refuses oct, none, HMAC, encryption and mislabelled JWKs', async () => {
    const pair = await generateKeyPair({ alg: 'ES256' });
    const jwk = await exportJwk(pair.publicKey);
    await unsupported(() => importKey({ kty: 'oct', k: 'c2VjcmV0' }));
    await unsupported(() => importKey({ ...jwk, alg: 'none' }));
    await unsupported(() => importKey({ ...jwk, alg: 'HS256' }));
    await unsupported(() => importKey({ ...jwk, alg: 'ES384' }));
    await invalid(() => importKey({ ...jwk, use: 'enc' }));
    await invalid(() => importKey({ ...jwk, key_ops: ['sign'] }));
    await invalid(() => importKey({ ...jwk, key_ops: 'verify' as never }));
    await invalid(() => importKey({ ...jwk, kid: 'k'.repeat(300) }));
    await invalid(() => importKey({ ...jwk, x: 42 as never }));
    await invalid(() => importKey({ ...jwk, y: undefined }));
    await unsupported(() => importKey({ ...jwk, crv: 'P-384' }));
    await invalid(() => importKey({ ...jwk, alg: undefined, crv: 'P-384' }));
  });

  it('reads x5c: the certificate must hold the key, and gives the thumbprints', async () => {
    const { cert, key } = selfSignedCertificate();
    const certificate = await importPublicKey(cert);
    const fromPrivate = await importPrivateKey(key, { extractable: true });
    const x5c = [cert.split('\n').filter((l) => !l.startsWith('-----')).join('')];
    const publicJwk = { ...(await exportJwk(certificate)), x5c };
    expect((await importPublicKey(publicJwk)).certificate).toEqual(certificate.certificate);
    const privateJwk = { ...(await exportJwk(fromPrivate)), x5c };
    expect((await importPrivateKey(privateJwk)).certificate).toEqual(certificate.certificate);
    const stranger = await generateKeyPair();
    await invalid(async () => importPublicKey({ ...(await exportJwk(stranger.publicKey)), x5c }));
    await invalid(() => importPublicKey({ ...publicJwk, x5c: [] }));
    await invalid(() => importPublicKey({ ...publicJwk, x5c: ['***'] }));
    await expectKeygateError(() => importPublicKey(publicJwk, { certificate: cert }), 'ERR_INVALID_OPTION');
  });
});
