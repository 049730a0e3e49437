import { createKeyDigester } from '../cache/key-digest.js';
import { createLruCache, positiveOption } from '../cache/lru.js';
import { KeygateError } from '../errors.js';
import { signJws } from '../jws/sign.js';
import { buildBackendClaims, DEFAULT_EXCLUDED_CLAIMS } from './claims.js';
import type { BackendJwt, BackendJwtSigner as BackendJwtGenerator } from '../validate/plugins.js';
import type { BackendJwtContext, BackendJwtOptions } from './types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

export const DEFAULT_BACKEND_JWT_HEADER = 'X-JWT-Assertion';
export const DEFAULT_BACKEND_JWT_TTL = 900;
/** Far above any real API key (an RS4096 full key is ~3 KB). */
const MAX_CACHED_KEY_LENGTH = 16_384;

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

// Header names are RFC 9110 tokens; anything else could not be sent upstream.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * WSO2's backend JWT, for validator option `backendJwt`: every accepted call gets a JWT signed
 * with `signingKey` that tells the upstream who is calling (application, subscriber, API, tier,
 * key type, in WSO2's claim dialect); adapters send it in `header`. Bad options throw
 * KeygateError `ERR_INVALID_OPTION` here.
 */
export function createBackendJwt(options: BackendJwtOptions): BackendJwt {
  const settings = checkOptions(options);
  return { createSigner: ({ now }) => generatorOf(settings, now) };
}

/** Checks the options once and returns the generator (see generatorOf). */
export function createBackendJwtGenerator(options: BackendJwtOptions, now: () => number = Date.now): BackendJwtGenerator {
  return generatorOf(checkOptions(options), now);
}

const BACKEND_JWT_OPTIONS = {
  signingKey: true, header: true, ttl: true, issuer: true, enduserTenantId: true, excludedClaims: true, claims: true, cacheSize: true,
} as const satisfies OptionNames<BackendJwtOptions>;

function checkOptions(options: BackendJwtOptions) {
  if (typeof options !== 'object' || options === null) invalid('backendJwt must be an object with a signingKey');
  checkOptionNames(options, BACKEND_JWT_OPTIONS, 'createBackendJwt');
  const { signingKey } = options;
  if (signingKey?.type !== 'private' || !signingKey.cryptoKey) invalid('backendJwt.signingKey must be a private key');
  const header = options.header ?? DEFAULT_BACKEND_JWT_HEADER;
  if (typeof header !== 'string' || !TOKEN.test(header)) invalid('backendJwt.header must be a valid HTTP header name');
  const ttl = positiveOption(options.ttl ?? DEFAULT_BACKEND_JWT_TTL, 'backendJwt.ttl', false);
  if (!Number.isFinite(ttl)) invalid('backendJwt.ttl must be finite');
  const issuer = options.issuer ?? 'wso2.org/products/am';
  const enduserTenantId = options.enduserTenantId ?? '-1234';
  if (typeof issuer !== 'string' || typeof enduserTenantId !== 'string') invalid('backendJwt.issuer and enduserTenantId must be strings');
  const extra = options.excludedClaims ?? [];
  if (!Array.isArray(extra) || extra.some((c) => typeof c !== 'string')) invalid('backendJwt.excludedClaims must be an array of strings');
  const hook = options.claims;
  if (hook !== undefined && typeof hook !== 'function') invalid('backendJwt.claims must be a function');
  const excluded = new Set([...DEFAULT_EXCLUDED_CLAIMS, ...extra]);
  const marginSeconds = Math.min(30, ttl / 10);
  const x5t = signingKey.certificate?.x5t;
  const jwtHeader = { typ: 'JWT', ...(x5t === undefined ? {} : { x5t }) };
  const cacheSize = positiveOption(options.cacheSize ?? 10_000, 'backendJwt.cacheSize', true);
  return { signingKey: signingKey!, header, ttl, issuer, enduserTenantId, hook, excluded, marginSeconds, jwtHeader, cacheSize };
}

/**
 * A JWT is cached per API key (the whole key, by a keyed 126-bit digest: two keys that share a
 * `jti` but name different callers never share a JWT), API, key type and subscription tier until
 * `min(30 s, ttl / 10)` before it expires, so a backend never receives one about to lapse.
 * Concurrent calls for the same key share one signature.
 */
function generatorOf(settings: ReturnType<typeof checkOptions>, now: () => number): BackendJwtGenerator {
  const { signingKey, header, ttl, issuer, enduserTenantId, hook, excluded, marginSeconds, jwtHeader } = settings;
  const digest = createKeyDigester(MAX_CACHED_KEY_LENGTH);
  const cache = createLruCache<string, Promise<string> & { jti?: string }>({
    maxEntries: settings.cacheSize,
    now,
    tagOf: (entry) => entry.jti,
  });

  const sign = async (ctx: BackendJwtContext, iat: number, exp: number): Promise<string> => {
    const built = buildBackendClaims(ctx, { issuer, enduserTenantId, excluded, iat, exp, jti: globalThis.crypto.randomUUID() });
    const claims = hook === undefined ? built : await hook(built, ctx);
    if (typeof claims !== 'object' || claims === null) throw new KeygateError('ERR_INVALID_OPTION', 'backendJwt.claims must return an object');
    return signJws(jwtHeader, claims, signingKey);
  };

  return {
    header,
    generate(ctx) {
      const { claims, api, subscription, keyType } = ctx;
      const index = digest(ctx.apiKey);
      const { check } = digest;
      // A key the digester skips (longer than any real one, or not ASCII) is signed for every call.
      const cacheKey = index < 0 ? undefined : `${index},${check[0]},${check[1]},${check[2]}\u0000${api.context}\u0000${api.version}\u0000${keyType}\u0000${subscription.tier ?? ''}`;
      const cached = cacheKey === undefined ? undefined : cache.get(cacheKey);
      if (cached !== undefined) return cached;
      const iat = Math.floor(now() / 1000);
      // Never outlive the API key: a backend must not see a caller whose key has expired.
      // (A key accepted within clockTolerance past its exp still gets a JWT valid for 1 s.)
      const exp = Math.max(iat + 1, Math.min(iat + Math.ceil(ttl), claims.exp === undefined ? Infinity : Math.floor(claims.exp)));
      const pending: Promise<string> & { jti?: string } = sign(ctx, iat, exp);
      pending.jti = claims.jti;
      const reuseMs = (exp - marginSeconds - iat) * 1000;
      if (reuseMs > 0 && cacheKey !== undefined) {
        cache.set(cacheKey, pending, reuseMs);
        pending.catch(() => cache.delete(cacheKey));
      }
      return pending;
    },
    evict(jti) {
      cache.deleteTag(jti);
    },
  };
}
