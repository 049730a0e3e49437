/**
 * Finding: one ES256 API key had 4 accepted spellings, each with its own cache entry and audit
 * fingerprint: ECDSA's (r, s) and (r, n - s) both verify, and the signature segment could carry
 * base64url padding or not. High-S signatures are now refused (ES256/384/512) and keygate signs
 * low-S; padding stays accepted (WSO2 pads every segment), but a key's padded and unpadded
 * spellings share one cache entry and one fingerprint. Likewise, an RSA signature must be as long as
 * the modulus: Node's RSA-PSS also took one without its leading zero byte.
 */
import { describe, expect, it } from 'vitest';
import { createMemorySubscriptionStore, createValidator, type Validator, type ValidatorOptions } from '../../src/index.js';
import { createAuditTrail, createValidationCache, keyFingerprint, type AuditEvent } from '../../src/gateway/index.js';
import { issueKey } from '../../src/issue/index.js';
import { generateKeyPair, type PrivateKey } from '../../src/keys/index.js';
import { CURVES, type EcAlg } from '../helpers/ec-orders.js';
import { APP_UUID, MENU_URL, PIZZA, signWso2Style } from '../helpers/fixtures.js';

const signatureOf = (token: string): Buffer => Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
const sOf = (token: string, alg: EcAlg): bigint => BigInt(`0x${signatureOf(token).subarray(CURVES[alg].size).toString('hex')}`);

/** The same token with s replaced by n - s: the signature's malleated twin. */
function twin(token: string, alg: EcAlg): string {
  const { n, size } = CURVES[alg];
  const signature = signatureOf(token);
  const s = Buffer.from((n - sOf(token, alg)).toString(16).padStart(2 * size, '0'), 'hex');
  return `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.concat([signature.subarray(0, size), s]).toString('base64url')}`;
}

const padded = (token: string): string => token + '='.repeat((4 - ((token.length - token.lastIndexOf('.') - 1) % 4)) % 4);

async function gateway(alg: EcAlg | 'RS256' | 'PS256') {
  const { privateKey, publicKey } = await generateKeyPair({ alg });
  const events: AuditEvent[] = [];
  const validatorWith = (options: Partial<ValidatorOptions> = {}) =>
    createValidator({
      keys: [publicKey],
      subscriptions: createMemorySubscriptionStore([{ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version }]),
      apis: [PIZZA],
      cache: createValidationCache(),
      audit: createAuditTrail((event) => void events.push(event)),
      ...options,
    });
  const validator = validatorWith();
  const call = (apiKey: string, v: Validator = validator) => v.validate({ url: MENU_URL, headers: { apikey: apiKey } });
  const issue = () => issueKey({ signingKey: privateKey, application: { uuid: APP_UUID } });
  return { privateKey, publicKey, validator, validatorWith, events, call, issue };
}

/** A WSO2-style key (every segment padded) whose signature happens to be low-S. */
async function wso2StyleLowS(privateKey: PrivateKey): Promise<string> {
  const payload = { jti: 'wso2-style', application: { uuid: APP_UUID }, keytype: 'PRODUCTION', token_type: 'apiKey' };
  for (;;) {
    const token = await signWso2Style({ kid: privateKey.alias, typ: 'JWT', alg: privateKey.alg }, payload, privateKey);
    if (sOf(token, 'ES256') <= CURVES.ES256.n / 2n) return token;
  }
}

describe('ECDSA high-S signatures', () => {
  it.each(['ES256', 'ES384', 'ES512'] as const)('%s: the high-S twin of a valid key verifies under WebCrypto, and is refused', async (alg) => {
    const gw = await gateway(alg);
    const apiKey = await gw.issue();
    const malleated = twin(apiKey, alg);
    expect(malleated).not.toBe(apiKey);
    const input = malleated.slice(0, malleated.lastIndexOf('.'));
    const ecdsa = { name: 'ECDSA', hash: `SHA-${alg.slice(2)}` };
    expect(await crypto.subtle.verify(ecdsa, gw.publicKey.cryptoKey, new Uint8Array(signatureOf(malleated)), new TextEncoder().encode(input))).toBe(true);
    expect(await gw.call(apiKey)).toMatchObject({ ok: true });
    expect(await gw.call(malleated)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('keygate signs every ECDSA key in low-S form', async () => {
    for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
      const gw = await gateway(alg);
      for (let i = 0; i < 24; i++) expect(sOf(await gw.issue(), alg) <= CURVES[alg].n / 2n).toBe(true);
    }
  });
});

describe('spellings of one key', () => {
  it('a padded and an unpadded signature segment are one key: one cache entry, one fingerprint', async () => {
    const gw = await gateway('ES256');
    const apiKey = await gw.issue();
    const spellings = [apiKey, padded(apiKey), twin(apiKey, 'ES256'), padded(twin(apiKey, 'ES256'))];
    expect(new Set(spellings).size).toBe(4);
    const results = [];
    for (const spelling of spellings) results.push(await gw.call(spelling));
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(gw.events.map((e) => e.cached)).toEqual([false, true, undefined, undefined]);
    expect(gw.validator.stats().cache?.size).toBe(1);
    expect(gw.validator.stats().negativeCache?.size).toBe(1);
    const fingerprints = gw.events.map((e) => e.keyFingerprint);
    expect(fingerprints[1]).toBe(fingerprints[0]);
    expect(fingerprints[3]).toBe(fingerprints[2]);
    expect(await keyFingerprint(padded(apiKey))).toBe(await keyFingerprint(apiKey));
  });

  it('WSO2-style keys (every segment padded) stay accepted; only the signature padding is canonicalised', async () => {
    const gw = await gateway('ES256');
    const wso2 = await wso2StyleLowS(gw.privateKey);
    expect(wso2).toMatch(/=\.[^.]+\.[^.]+==$/);
    const unpaddedSignature = wso2.slice(0, -2);
    expect(await gw.call(wso2)).toMatchObject({ ok: true });
    expect(await gw.call(unpaddedSignature)).toMatchObject({ ok: true });
    expect(gw.events[1]).toMatchObject({ cached: true, keyFingerprint: gw.events[0]!.keyFingerprint });
    // Header and payload padding is signed over: without it the key is another string, whose
    // signature does not verify, and it must not be answered from the padded key's cache entry.
    const unsigned = wso2.replace(/=+\./g, '.');
    expect(await gw.call(unsigned)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await gw.call(wso2)).toMatchObject({ ok: true });
  });

  it('RSA keys too, and a padded spelling over maxKeyLength is refused even when its unpadded one is cached', async () => {
    const gw = await gateway('RS256');
    const apiKey = await gw.issue();
    expect(await gw.call(padded(apiKey))).toMatchObject({ ok: true });
    expect(await gw.call(apiKey)).toMatchObject({ ok: true });
    expect(gw.events.map((e) => e.cached)).toEqual([false, true]);
    const atTheLimit = gw.validatorWith({ maxKeyLength: apiKey.length });
    expect(await gw.call(apiKey, atTheLimit)).toMatchObject({ ok: true });
    expect(await gw.call(padded(apiKey), atTheLimit)).toMatchObject({ ok: false, reason: 'malformed_key' });
  });
});

describe('RSA signatures shorter than the modulus', () => {
  it('PS256: a signature without its leading zero byte verifies under WebCrypto, and is refused', async () => {
    const gw = await gateway('PS256');
    let apiKey: string;
    do apiKey = await gw.issue();
    while (signatureOf(apiKey)[0] !== 0); // about one key in 256
    const input = apiKey.slice(0, apiKey.lastIndexOf('.'));
    const short = signatureOf(apiKey).subarray(1);
    const pss = { name: 'RSA-PSS', saltLength: 32 };
    expect(await crypto.subtle.verify(pss, gw.publicKey.cryptoKey, new Uint8Array(short), new TextEncoder().encode(input))).toBe(true);
    expect(await gw.call(apiKey)).toMatchObject({ ok: true });
    expect(await gw.call(`${input}.${short.toString('base64url')}`)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});
