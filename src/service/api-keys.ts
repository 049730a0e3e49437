import type { Application } from '../applications/types.js';
import type { KeyType } from '../claims/types.js';
import { isKeygateError, KeygateError } from '../errors.js';
import { issuedKeyOf } from '../inventory/from-key.js';
import { decodeKey } from '../issue/decode-key.js';
import { issueKey } from '../issue/issue-key.js';
import { readJsonBody } from './body.js';
import { apiKeyInfo } from './dto.js';
import { invalidField, oneOf, onlyFields, optionalString, type Fields } from './fields.js';
import { done, json, problem } from './http.js';
import { ownedKey, revokeIssued, verifiedClaims } from './key-lookup.js';
import { onApplication, type Call, type Route } from './router.js';

const KEY_TYPES: readonly KeyType[] = ['PRODUCTION', 'SANDBOX'];
/** WSO2 takes the validity period as an int32 of seconds. */
const MAX_VALIDITY = 2_147_483_647;
/**
 * Characters of permittedIP and permittedReferer together: a key carries them, and it must stay well
 * under what gateways take (keygate's maxKeyLength, 16384 by default; Node's 16 KB of headers).
 */
const MAX_RESTRICTION_LENGTH = 4096;
export const MAX_KEYS_PER_APPLICATION = 500;

const keyTypeOf = (call: Call): KeyType => oneOf(call.params.keyType!, KEY_TYPES, 'keyType');

/** `-1`, null or absent: never expires (WSO2's default); else whole seconds. */
function validityOf(body: Fields): number | undefined {
  const value = body.validityPeriod;
  if (value === undefined || value === null || value === -1) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) <= 0 || (value as number) > MAX_VALIDITY) {
    return invalidField('validityPeriod', `must be a whole number of seconds from 1 to ${MAX_VALIDITY}, or -1 for a key that never expires`);
  }
  return value as number;
}

/** WSO2's comma-separated `permittedIP` / `permittedReferer`: empty entries dropped. */
const entriesOf = (text: string | undefined): string[] => (text ?? '').split(',').map((e) => e.trim()).filter((e) => e.length > 0);

/** issueKey names `permittedIPs[1]`; the request named `additionalProperties.permittedIP`, entry 2. */
function inRequestTerms(error: unknown): unknown {
  if (!isKeygateError(error)) return error;
  const match = /^(permittedIPs|permittedReferrers)\[(\d+)\] is invalid: (.*)$/s.exec(error.message);
  if (match === null) return error;
  const field = match[1] === 'permittedIPs' ? 'permittedIP' : 'permittedReferer';
  return new KeygateError('ERR_INVALID_REQUEST', `additionalProperties.${field}: entry ${Number(match[2]) + 1} is invalid: ${match[3]}`, { cause: error });
}

async function generate(call: Call, app: Application): Promise<Response> {
  const keyType = keyTypeOf(call);
  if ((app.status ?? 'APPROVED') !== 'APPROVED') return problem(412, `the application is ${app.status}: keys are issued to APPROVED applications only`);
  const body = await readJsonBody(call.request, true);
  if (body instanceof Response) return body;
  onlyFields(body, ['validityPeriod', 'additionalProperties', 'keyName']);
  const validityPeriod = validityOf(body);
  const extra = body.additionalProperties ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return invalidField('additionalProperties', 'must be an object { permittedIP, permittedReferer }');
  onlyFields(extra as Fields, ['permittedIP', 'permittedReferer'], [], 'additionalProperties.');
  const ipText = optionalString(extra as Fields, 'permittedIP', MAX_RESTRICTION_LENGTH, 'additionalProperties.') ?? '';
  const refererText = optionalString(extra as Fields, 'permittedReferer', MAX_RESTRICTION_LENGTH, 'additionalProperties.') ?? '';
  if (ipText.length + refererText.length > MAX_RESTRICTION_LENGTH) {
    return invalidField('additionalProperties', `permittedIP and permittedReferer may hold ${MAX_RESTRICTION_LENGTH} characters together (the key carries them)`);
  }
  const permittedIPs = entriesOf(ipText);
  const permittedReferrers = entriesOf(refererText);
  const { inventory, signingKey, issuer, now } = call.config;
  if ((await inventory.list(app.uuid)).length >= MAX_KEYS_PER_APPLICATION) {
    return problem(409, `an application may have at most ${MAX_KEYS_PER_APPLICATION} live keys: revoke one first`);
  }
  const apikey = await issueKey({
    signingKey, application: app.id === undefined ? { uuid: app.uuid } : { uuid: app.uuid, id: app.id }, subject: call.user.subscriber, keyType,
    permittedIPs, permittedReferrers, now,
    ...(validityPeriod === undefined ? {} : { validityPeriod }),
    ...(issuer === undefined ? {} : { issuer }),
  }).catch((error: unknown) => {
    throw inRequestTerms(error);
  });
  const jti = String(decodeKey(apikey).payload.jti);
  const keyName = optionalString(body, 'keyName', 100)?.trim() || `${keyType.toLowerCase()}-${jti.slice(0, 8)}`;
  // Recorded before it is handed out: a key the inventory lacks could not be listed nor revoked by jti.
  await inventory.record(issuedKeyOf(apikey, keyName));
  return json(200, { keyName, apikey, validityTime: validityPeriod ?? -1 });
}

/**
 * Revokes a key of this application and key type, given the key (WSO2's `apikey`) or its `jti`.
 * The key must be in the inventory under this application, or (with the `keys` option) carry a
 * valid signature and name this application: a forged key cannot revoke someone else's jti.
 */
async function revoke(call: Call, app: Application): Promise<Response> {
  const keyType = keyTypeOf(call);
  const body = await readJsonBody(call.request);
  if (body instanceof Response) return body;
  onlyFields(body, ['apikey', 'jti']);
  const apikey = optionalString(body, 'apikey', 16 * 1024);
  const jtiGiven = optionalString(body, 'jti', 256);
  if ((apikey === undefined) === (jtiGiven === undefined)) invalidField('apikey', 'send the key to revoke as apikey, or its jti as jti (one of them)');
  const where = { application: app.uuid, keyType };
  let target = await ownedKey(call.config.inventory, apikey ?? jtiGiven!, apikey !== undefined, where);
  if (target === undefined && apikey !== undefined && call.config.keys !== undefined) target = await verifiedClaims(apikey, call.config.keys, where);
  if (target === undefined) return problem(404, `the application has no ${keyType} key ${jtiGiven === undefined ? 'like the one sent' : 'with that jti'}`);
  await revokeIssued(call.config, target);
  return done();
}

async function list(call: Call, app: Application): Promise<Response> {
  const keyType = call.params.keyType === undefined ? undefined : keyTypeOf(call);
  const keys = (await call.config.inventory.list(app.uuid)).filter((key) => keyType === undefined || key.keyType === keyType);
  return json(200, { count: keys.length, list: keys.map(apiKeyInfo) });
}

export const API_KEY_ROUTES: readonly Route[] = [
  { method: 'GET', path: '/applications/{applicationId}/api-keys', handler: onApplication(list) },
  { method: 'GET', path: '/applications/{applicationId}/api-keys/{keyType}', handler: onApplication(list) },
  { method: 'POST', path: '/applications/{applicationId}/api-keys/{keyType}/generate', handler: onApplication(generate) },
  { method: 'POST', path: '/applications/{applicationId}/api-keys/{keyType}/revoke', handler: onApplication(revoke) },
];
