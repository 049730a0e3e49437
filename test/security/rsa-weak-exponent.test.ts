/**
 * Finding: RSA public keys with e = 1 (also even exponents and even moduli) were imported and
 * trusted, through a JWK, PEM, certificate or JWKS: WebCrypto accepts them. With e = 1 the
 * "signature" of a token is the PKCS#1 encoding of its hash, so anyone forges API keys that
 * validate. Such keys are now refused at import (ERR_INVALID_KEY_MATERIAL, naming the problem),
 * private keys too; e must be at least 65537 unless `allowSmallRsaExponent` lets an odd e >= 3 in.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwksKeyStore, importKey, importPrivateKey, importPublicKey, type Jwk, type PublicKey } from '../../src/keys/index.js';
import { pizzaGateway } from '../helpers/fixtures.js';
import { expectKeygateError, signsAndVerifies } from '../keys/helpers.js';
import { openssl } from '../keys/openssl.js';

type Numbers = Record<'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi', bigint>;

const hexOf = (value: bigint): string => {
  const hex = value.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
};
const b64u = (value: bigint): string => Buffer.from(hexOf(value), 'hex').toString('base64url');
const int = (text: string): bigint => BigInt(`0x${Buffer.from(text, 'base64url').toString('hex')}`);

/** The numbers of a real RSA key pair made with this public exponent. */
function realKey(publicExponent = 65537): Numbers {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent }).privateKey.export({ format: 'jwk' });
  const [n, e, d, p, q, dp, dq, qi] = (['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const).map((name) => int(jwk[name]!));
  return { n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! };
}

interface Formats {
  readonly publicJwk: Jwk;
  readonly privateJwk: Jwk;
  readonly spki: string;
  readonly certificate: string;
  readonly pkcs8: string;
}

/**
 * The key in every format keygate reads, written by openssl from an ASN.1 description (so no
 * keygate code encodes it), the certificate signed by another key with `-force_pubkey`.
 */
function formatsOf(k: Numbers): Formats {
  const integers = (names: readonly (keyof Numbers)[]) => names.map((name) => `${name}=INTEGER:0x${hexOf(k[name])}`).join('\n');
  const algorithm = '[alg]\noid=OID:rsaEncryption\nnull=NULL\n';
  const spkiConf = `asn1=SEQUENCE:spki\n[spki]\nalg=SEQUENCE:alg\nkey=BITWRAP,SEQUENCE:rsa\n${algorithm}[rsa]\n${integers(['n', 'e'])}\n`;
  const pkcs8Conf =
    `asn1=SEQUENCE:pkcs8\n[pkcs8]\nversion=INTEGER:0\nalg=SEQUENCE:alg\nkey=OCTWRAP,SEQUENCE:rsa\n${algorithm}` +
    `[rsa]\nversion=INTEGER:0\n${integers(['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'])}\n`;
  const out = openssl(
    [
      ['asn1parse', '-genconf', 'spki.cnf', '-noout', '-out', 'spki.der'],
      ['asn1parse', '-genconf', 'pkcs8.cnf', '-noout', '-out', 'pkcs8.der'],
      ['pkey', '-pubin', '-inform', 'DER', '-in', 'spki.der', '-out', 'spki.pem'],
      ['pkey', '-inform', 'DER', '-in', 'pkcs8.der', '-out', 'pkcs8.pem'],
      ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'signer.pem'],
      ['req', '-new', '-key', 'signer.pem', '-subj', '/CN=gateway', '-out', 'csr.pem'],
      ['x509', '-req', '-in', 'csr.pem', '-signkey', 'signer.pem', '-force_pubkey', 'spki.pem', '-days', '1', '-out', 'cert.pem'],
    ],
    ['spki.pem', 'pkcs8.pem', 'cert.pem'],
    { 'spki.cnf': spkiConf, 'pkcs8.cnf': pkcs8Conf },
  );
  const publicJwk = { kty: 'RSA', n: b64u(k.n), e: b64u(k.e) };
  const privates = { d: b64u(k.d), p: b64u(k.p), q: b64u(k.q), dp: b64u(k.dp), dq: b64u(k.dq), qi: b64u(k.qi) };
  return {
    publicJwk,
    privateJwk: { ...publicJwk, ...privates },
    spki: out['spki.pem']!.toString(),
    certificate: out['cert.pem']!.toString(),
    pkcs8: out['pkcs8.pem']!.toString(),
  };
}

/** Every way to hand keygate the key, named; `options` goes to each import. */
const everyPath = (f: Formats) =>
  Object.entries({ ...f, jwkText: JSON.stringify(f.publicJwk) }) as [string, string | Jwk][];

async function refusedEverywhere(f: Formats, message: RegExp, options: { allowSmallRsaExponent?: boolean } = {}): Promise<void> {
  for (const [path, material] of everyPath(f)) {
    await expectKeygateError(() => importKey(material, options), 'ERR_INVALID_KEY_MATERIAL');
    await expect(importKey(material, options), path).rejects.toThrow(message);
  }
}

/** A JWKS key store over a fake issuer serving `jwk` under the gateway's kid. */
function jwksServing(jwk: Jwk, options: { allowSmallRsaExponent?: boolean } = {}) {
  const body = JSON.stringify({ keys: [{ ...jwk, kid: 'gateway_certificate_alias' }] });
  const fetch = (async () => new Response(body)) as unknown as typeof globalThis.fetch;
  return createJwksKeyStore('https://issuer.example.com/jwks.json', { fetch, ...options });
}

/** EMSA-PKCS1-v1_5 of SHA-256(input) for a k-byte modulus: with e = 1, that is the signature. */
function pkcs1Encoding(input: string, k: number): Uint8Array<ArrayBuffer> {
  const digestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), createHash('sha256').update(input).digest()]);
  return new Uint8Array(Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - 3 - digestInfo.length, 0xff), Buffer.from([0]), digestInfo]));
}

describe('RSA keys with a weak or impossible public exponent or modulus', () => {
  let real: Numbers;
  beforeAll(() => {
    real = realKey();
  });

  it('e = 1: anyone forges an API key WebCrypto verifies, so every import path refuses the key', async () => {
    // d = dp = dq = 1 makes it a consistent key: x^1 = x.
    const e1 = formatsOf({ ...real, e: 1n, d: 1n, dp: 1n, dq: 1n });
    const gw = await pizzaGateway();
    const [header, payload] = (await gw.issue()).split('.') as [string, string];
    const input = `${header}.${payload}`;
    const signature = pkcs1Encoding(input, 256);
    const forged = `${input}.${Buffer.from(signature).toString('base64url')}`;

    // The forgery is real: WebCrypto verifies it, and a validator holding such a key accepts it.
    const rs256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const cryptoKey = await crypto.subtle.importKey('jwk', e1.publicJwk, rs256, true, ['verify']);
    expect(await crypto.subtle.verify(rs256, cryptoKey, signature, new TextEncoder().encode(input))).toBe(true);
    const smuggled: PublicKey = { type: 'public', alias: 'gateway_certificate_alias', alg: 'RS256', cryptoKey };
    expect(await (await pizzaGateway({ keys: [smuggled] })).call(forged)).toMatchObject({ ok: true });

    // keygate never hands out such a key: JWK, JWK text, private JWK, SPKI, certificate, PKCS#8...
    await refusedEverywhere(e1, /public exponent is e = 1, and e < 3 lets anyone forge signatures/);
    await refusedEverywhere(e1, /e < 3/, { allowSmallRsaExponent: true });
    await refusedEverywhere(formatsOf({ ...real, e: 2n }), /e = 2, and e < 3/);
    // ...nor trusts it from a JWKS: the forged key's kid is unknown there.
    const fromJwks = await pizzaGateway({ keys: jwksServing(e1.publicJwk, { allowSmallRsaExponent: true }) });
    expect(await fromJwks.call(forged)).toMatchObject({ ok: false, reason: 'unknown_kid' });
  });

  it('refuses an even public exponent and an even modulus in every format', async () => {
    await refusedEverywhere(formatsOf({ ...real, e: 65538n }), /public exponent is even \(e = 65538\)/, { allowSmallRsaExponent: true });
    await refusedEverywhere(formatsOf({ ...real, e: 2n ** 64n }), /even \(a 72-bit exponent\)/);
    await refusedEverywhere(formatsOf({ ...real, n: real.n - 1n }), /its modulus is even/, { allowSmallRsaExponent: true });
    const evenJwks = await pizzaGateway({ keys: jwksServing(formatsOf({ ...real, e: 65538n }).publicJwk) });
    expect(await evenJwks.call('eyJhbGciOiJSUzI1NiIsImtpZCI6ImdhdGV3YXlfY2VydGlmaWNhdGVfYWxpYXMifQ.e30.AA')).toMatchObject({ reason: 'unknown_kid' });
  });

  it('e = 3: refused by default, accepted (and working) with allowSmallRsaExponent', async () => {
    const e3 = formatsOf(realKey(3));
    await refusedEverywhere(e3, /public exponent e = 3 is below 65537; pass allowSmallRsaExponent: true/);
    const allow = { allowSmallRsaExponent: true };
    for (const [, material] of everyPath(e3)) expect((await importKey(material, allow)).alg).toBe('RS256');
    const privateKey = await importPrivateKey(e3.pkcs8, allow);
    expect(await signsAndVerifies(privateKey, await importPublicKey(e3.certificate, allow))).toBe(true);
    expect(await jwksServing(e3.publicJwk).getKey('gateway_certificate_alias')).toBeUndefined();
    expect(await jwksServing(e3.publicJwk, allow).getKey('gateway_certificate_alias')).toMatchObject({ alg: 'RS256' });
  });

  it('accepts e = 65537 and larger odd exponents, and checks the option', async () => {
    for (const [, material] of everyPath(formatsOf(real))) expect((await importKey(material)).alg).toBe('RS256');
    expect((await importKey(formatsOf(realKey(2 ** 31 - 1)).publicJwk)).alg).toBe('RS256');
    await expectKeygateError(() => importKey(formatsOf(real).spki, { allowSmallRsaExponent: 1 as never }), 'ERR_INVALID_OPTION');
    await expectKeygateError(() => jwksServing(formatsOf(real).publicJwk, { allowSmallRsaExponent: 'yes' as never }), 'ERR_INVALID_OPTION');
  });
});
