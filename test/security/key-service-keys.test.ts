/**
 * The key service and the keys it issues: a key is handed out once and kept nowhere (the inventory,
 * lists and errors never hold it), and revocation goes by the inventory or a verified signature, so
 * a forged key that carries another application's jti revokes nothing. A revocation names the jti
 * exactly as the gateway reads it, whatever its characters.
 */
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/keys/index.js';
import { decodeKey, issueKey, signJws } from '../../src/issue/index.js';
import { sharedKeyPair } from '../helpers/fixtures.js';
import { DEFAULT_APP, GUEST_APP, setUpService } from '../service/harness.js';

describe('the key service and the keys it issues', () => {
  it('keeps no copy of a key: the inventory, lists and answers after generate never hold it', async () => {
    const s = await setUpService();
    const { body } = await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, { validityPeriod: 60 });
    const signature = (body.apikey as string).split('.')[2]!;
    const jti = decodeKey(body.apikey).payload.jti as string;
    expect(JSON.stringify(s.inventory.find(jti))).not.toContain(signature);
    expect(Object.keys(s.inventory.find(jti)!).sort()).toEqual(['applicationUuid', 'expiresAt', 'issuedAt', 'jti', 'keyName', 'keyType', 'subject']);
    for (const path of [`/applications/${DEFAULT_APP.uuid}/api-keys`, `/applications/${DEFAULT_APP.uuid}`, '/applications']) {
      expect((await s.kanchana('GET', path)).text).not.toContain(signature);
    }
  });

  it('a forged key naming the attacker\'s application and the victim\'s jti revokes nothing', async () => {
    const { publicKey } = await sharedKeyPair();
    const s = await setUpService({ keys: [publicKey] });
    const victim = (await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, {})).body.apikey as string;
    const jti = decodeKey(victim).payload.jti;
    const stranger = await generateKeyPair();
    const forgeries = [
      // Signed by a key nobody trusts, unsigned, and a real key of the attacker with the payload swapped.
      await signJws({ kid: 'gateway_certificate_alias', typ: 'JWT', alg: 'RS256' }, { application: { uuid: GUEST_APP.uuid }, keytype: 'PRODUCTION', token_type: 'apiKey', jti }, stranger.privateKey),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ application: { uuid: GUEST_APP.uuid }, jti })).toString('base64url')}.x`,
    ];
    const own = (await s.guest('POST', `/applications/${GUEST_APP.uuid}/api-keys/PRODUCTION/generate`, {})).body.apikey as string;
    const [header, , signature] = own.split('.');
    forgeries.push(`${header}.${Buffer.from(JSON.stringify({ ...decodeKey(own).payload, jti })).toString('base64url')}.${signature}`);
    for (const apikey of forgeries) {
      const answer = await s.guest('POST', `/applications/${GUEST_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey });
      expect([400, 404]).toContain(answer.status); // 400: not even a decodable key
    }
    expect(s.revocations.isRevoked(jti as string)).toBe(false);
    expect((await s.callGateway(victim)).ok).toBe(true);
  });

  it('with `keys`, the owner revokes a signed key the inventory never saw (issued by the CLI); without, it is 404', async () => {
    const { privateKey, publicKey } = await sharedKeyPair();
    const cliKey = await issueKey({ signingKey: privateKey, application: { uuid: DEFAULT_APP.uuid }, validityPeriod: 600 });
    const without = await setUpService();
    expect((await without.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey: cliKey })).status).toBe(404);
    const s = await setUpService({ keys: [publicKey] });
    expect((await s.callGateway(cliKey)).ok).toBe(true);
    expect((await s.guest('POST', `/applications/${GUEST_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey: cliKey })).status).toBe(404);
    expect((await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/SANDBOX/revoke`, { apikey: cliKey })).status).toBe(404);
    expect((await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey: cliKey })).status).toBe(200);
    expect(await s.callGateway(cliKey)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it.each([' padded-jti ', 'a.b.c', 'tab\tjti'])('revokes a key whose jti is %j exactly as the gateway reads it (it was trimmed, or read as a key)', async (jti) => {
    const { privateKey, publicKey } = await sharedKeyPair();
    const s = await setUpService({ keys: [publicKey] });
    const header = { kid: privateKey.alias, typ: 'JWT', alg: privateKey.alg };
    const key = await signJws(header, { sub: 'kanchana', application: { uuid: DEFAULT_APP.uuid }, keytype: 'PRODUCTION', token_type: 'apiKey', iat: Math.floor(Date.now() / 1000), jti }, privateKey);
    expect((await s.callGateway(key)).ok).toBe(true);
    expect((await s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/revoke`, { apikey: key })).status).toBe(200);
    expect(await s.callGateway(key)).toMatchObject({ ok: false, reason: 'revoked' });
  });
});
