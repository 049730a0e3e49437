import type { SubscribedApiClaim } from '../claims/types.js';
import { KeygateError } from '../errors.js';
import { signJws } from '../jws/sign.js';
import type { IssueKeyOptions } from './options.js';
import { restrictionClaim } from './restrictions.js';
import { checkIpEntry } from '../restrict/allow-list.js';
import { checkReferrerEntry } from '../restrict/referrer.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

const fail = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

const optionalString = (value: unknown, field: string): string | undefined => {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : fail(`${field} must be a string`);
};

function subscribedApis(list: readonly SubscribedApiClaim[] | undefined): SubscribedApiClaim[] {
  if (!Array.isArray(list) || list.length === 0) {
    return fail('subscriptions must list at least one API for a full key (lightweight: false)');
  }
  return list.map((api: SubscribedApiClaim, i) => {
    for (const f of ['name', 'context', 'version'] as const) {
      if (typeof api?.[f] !== 'string' || api[f].length === 0) fail(`subscriptions[${i}].${f} must be a non-empty string`);
    }
    // WSO2's field order, so keys read the same as the portal's.
    return {
      subscriberTenantDomain: api.subscriberTenantDomain ?? 'carbon.super',
      name: api.name,
      context: api.context,
      publisher: api.publisher ?? 'admin',
      version: api.version,
      subscriptionTier: api.subscriptionTier ?? 'Unlimited',
    };
  });
}

const ISSUE_OPTIONS = {
  signingKey: true, application: true, subject: true, keyType: true, validityPeriod: true, lightweight: true, subscriptions: true,
  tierInfo: true, issuer: true, permittedIPs: true, permittedReferrers: true, includeThumbprint: true, now: true,
} as const satisfies OptionNames<IssueKeyOptions>;

/**
 * Mints an API key: a compact JWS with unpadded base64url segments, WSO2 API Manager's claim
 * layout and `token_type: "apiKey"`. Bad options throw a KeygateError naming the field.
 */
export async function issueKey(options: IssueKeyOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) fail('issueKey needs an options object');
  checkOptionNames(options, ISSUE_OPTIONS, 'issueKey');
  const { signingKey, application: app } = options;
  if (signingKey?.type !== 'private') fail('signingKey must be a private key from generateKeyPair() or importKey()');
  if (typeof app !== 'object' || app === null) fail('application is required');
  if (typeof app.uuid !== 'string' || app.uuid.length === 0) fail('application.uuid must be a non-empty string');
  if (app.id !== undefined && !Number.isSafeInteger(app.id)) fail('application.id must be an integer');
  const keyType = options.keyType ?? 'PRODUCTION';
  if (keyType !== 'PRODUCTION' && keyType !== 'SANDBOX') fail('keyType must be PRODUCTION or SANDBOX');
  const validity = options.validityPeriod;
  if (validity !== undefined && (typeof validity !== 'number' || !Number.isFinite(validity) || validity <= 0)) {
    fail('validityPeriod must be a positive number of seconds (omit it for a key that never expires)');
  }
  const lightweight = options.lightweight ?? true;
  if (lightweight && options.subscriptions !== undefined) {
    fail('subscriptions are embedded in full keys only: set lightweight: false');
  }
  const subject = optionalString(options.subject, 'subject');
  const issuer = optionalString(options.issuer, 'issuer');
  const permittedIP = restrictionClaim(options.permittedIPs, 'permittedIPs', checkIpEntry);
  const permittedReferer = restrictionClaim(options.permittedReferrers, 'permittedReferrers', checkReferrerEntry);

  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const application = lightweight
    ? { id: app.id, uuid: app.uuid }
    : { owner: app.owner ?? subject, tier: app.tier ?? 'Unlimited', name: app.name, id: app.id, uuid: app.uuid };
  const claims: Record<string, unknown> = {
    sub: subject,
    iss: issuer,
    application,
    ...(lightweight ? {} : { tierInfo: options.tierInfo ?? {} }),
    keytype: keyType,
    token_type: 'apiKey',
    ...(lightweight ? {} : { subscribedAPIs: subscribedApis(options.subscriptions) }),
    permittedIP,
    permittedReferer,
    iat,
    exp: validity === undefined ? undefined : iat + Math.ceil(validity),
    jti: globalThis.crypto.randomUUID(),
  };

  const header: Record<string, unknown> = {};
  if (options.includeThumbprint !== false && signingKey.certificate) {
    header.x5t = signingKey.certificate.x5t;
  }
  Object.assign(header, { kid: signingKey.alias, typ: 'JWT', alg: signingKey.alg });
  // JSON.stringify drops the undefined members, so absent claims never appear as null.
  return signJws(header, claims, signingKey);
}
