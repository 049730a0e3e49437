/**
 * Finding: createJwksKeyStore accepted `http:` URLs, so anyone on the network path could answer
 * with their own JWK Set and have their own keys trusted. Non-https URLs are refused at
 * construction, except loopback hosts and an explicit `allowInsecureHttp: true`.
 */
import { describe, expect, it } from 'vitest';
import { createJwksKeyStore, exportJwks, generateKeyPair } from '../../src/keys/index.js';
import { expectKeygateError } from '../keys/helpers.js';

const attackerSet = async () => JSON.stringify(await exportJwks([(await generateKeyPair({ alias: 'gateway_certificate_alias' })).publicKey]));

/** A fetch that answers the attacker's set, as if redirected to `finalUrl`. */
const answering = (body: string, finalUrl: string): typeof fetch =>
  (async () => Object.defineProperty(new Response(body, { status: 200 }), 'url', { value: finalUrl })) as typeof fetch;

describe('JWKS over plain http', () => {
  it('refuses an http URL to a remote host at construction', async () => {
    for (const url of [
      'http://issuer.example.com/.well-known/jwks.json',
      'http://10.0.0.7/jwks.json',
      'http://localhost.example.com/jwks.json',
      'http://127.0.0.1.nip.io/jwks.json',
      'http://[::ffff:127.0.0.1]/jwks.json',
      'http://[2001:db8::1]/jwks.json',
    ]) {
      await expectKeygateError(() => createJwksKeyStore(url), 'ERR_INVALID_OPTION');
    }
    expect(() => createJwksKeyStore('http://issuer.example.com/jwks.json')).toThrow(/must use https.*allowInsecureHttp/);
  });

  it('allows http to loopback hosts, in any spelling the URL parser reads as one', () => {
    for (const url of [
      'http://localhost:8080/jwks.json',
      'http://LOCALHOST/jwks.json',
      'http://127.0.0.1/jwks.json',
      'http://127.1.2.3:9000/jwks.json',
      'http://127.1/jwks.json',
      'http://2130706433/jwks.json',
      'http://[::1]:3000/jwks.json',
      'http://[0:0:0:0:0:0:0:1]/jwks.json',
      'https://issuer.example.com/jwks.json',
    ]) {
      expect(() => createJwksKeyStore(url), url).not.toThrow();
    }
  });

  it('allows any http URL with allowInsecureHttp: true, and checks the option type', async () => {
    expect(() => createJwksKeyStore('http://issuer.example.com/jwks.json', { allowInsecureHttp: true })).not.toThrow();
    await expectKeygateError(
      () => createJwksKeyStore('http://issuer.example.com/jwks.json', { allowInsecureHttp: 'yes' as unknown as boolean }),
      'ERR_INVALID_OPTION',
    );
  });

  it('does not trust a set that an https fetch was redirected to plain http for', async () => {
    const fetch = answering(await attackerSet(), 'http://attacker.example.net/jwks.json');
    const store = createJwksKeyStore('https://issuer.example.com/jwks.json', { fetch });
    await expectKeygateError(() => store.getKey('gateway_certificate_alias'), 'ERR_STORE_UNAVAILABLE');
    expect(store.list()).toEqual([]);
  });

  it('still follows a redirect that stays on https', async () => {
    const fetch = answering(await attackerSet(), 'https://cdn.example.com/jwks.json');
    const store = createJwksKeyStore('https://issuer.example.com/jwks.json', { fetch });
    expect(await store.getKey('gateway_certificate_alias')).toMatchObject({ alg: 'RS256' });
  });
});
