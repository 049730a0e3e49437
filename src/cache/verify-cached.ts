import { createKeyCache, type DigestChecked, type KeyCache } from './key-cache.js';
import { createLruCache, positiveOption } from './lru.js';
import type { ApiKeyClaims, ApiKeyHeader } from '../claims/types.js';
import { KeygateError } from '../errors.js';
import { canonicalJws } from '../jws/canonical.js';
import { splitCompactJws } from '../jws/compact.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../encoding/json.js';
import type { PublicKey } from '../keys/types.js';
import { isPromiseLike } from '../validate/maybe-promise.js';
import type { PluginContext, TokenVerifier, Verification, VerifiedToken } from '../validate/plugins.js';
import type { ValidationFailure } from '../validate/types.js';
import type { ValidationCacheOptions } from './validation-cache.js';
import { findTrustedKey } from '../validate/store-failure.js';

/** What the cached verifier works from: the validator's settings and its uncached signature check. */
export interface VerifyConfig extends Pick<PluginContext, 'keys' | 'maxKeyLength'> {
  verify(token: string): Promise<VerifiedToken | ValidationFailure>;
}

/** A verified key as cached; `fingerprint` is filled in once by the audit step when it is on. */
export interface CachedToken extends VerifiedToken, DigestChecked {
  fingerprint: string | undefined;
}

/**
 * A remembered bad signature (a wrapper: the failure itself is handed to callers as is), with the
 * key its kid named then: once the store trusts another key under that kid (a rotation under a
 * fixed kid, as WSO2's `gateway_certificate_alias`), the token is checked again.
 */
interface CachedFailure extends DigestChecked {
  readonly failure: ValidationFailure;
  readonly kid: string;
  readonly key: PublicKey | undefined;
}

/** The kid of a token whose header was just parsed (the header cache answers). */
const kidOf = (token: string, maxLength: number): string | undefined => {
  const jws = splitCompactJws(token, { maxLength, maxJsonDepth: DEFAULT_MAX_JSON_DEPTH });
  return typeof jws === 'string' || typeof jws.header.kid !== 'string' ? undefined : jws.header.kid;
};


const DEFAULTS = { maxEntries: 10_000, ttl: 300, negativeTtl: 60, negativeMaxEntries: 1000 };


function cachesOf(options: ValidationCacheOptions | false | undefined, verify: VerifyConfig, now: () => number) {
  if (options === false) return { positive: undefined, negative: undefined };
  if (typeof options !== 'object' && options !== undefined) throw new KeygateError('ERR_INVALID_OPTION', 'cache must be an object or false');
  // `?? DEFAULTS`, not a spread: an option given as `undefined` means its default.
  const o = {
    maxEntries: options?.maxEntries ?? DEFAULTS.maxEntries,
    ttl: options?.ttl ?? DEFAULTS.ttl,
    negativeTtl: options?.negativeTtl ?? DEFAULTS.negativeTtl,
    negativeMaxEntries: options?.negativeMaxEntries ?? DEFAULTS.negativeMaxEntries,
  };
  const negativeTtl = o.negativeTtl === 0 ? 0 : positiveOption(o.negativeTtl, 'cache.negativeTtl', false);
  const positive = createKeyCache<CachedToken>({
    maxEntries: positiveOption(o.maxEntries, 'cache.maxEntries', true),
    ttlMs: positiveOption(o.ttl, 'cache.ttl', false) * 1000,
    now,
    tagOf: (entry) => entry.claims.jti,
    maxKeyLength: verify.maxKeyLength,
  });
  const negative =
    negativeTtl === 0
      ? undefined
      : createKeyCache<CachedFailure>({
          maxEntries: positiveOption(o.negativeMaxEntries, 'cache.negativeMaxEntries', true),
          ttlMs: negativeTtl * 1000,
          now,
          maxKeyLength: verify.maxKeyLength,
        });
  return { positive, negative };
}

/**
 * Claim values repeated across keys (`iss`, `keytype`, restrictions, tier names) are stored once
 * instead of once per cached key: a bounded table of recent strings, consulted on a miss only.
 */
function createStringInterner(): (claims: ApiKeyClaims) => ApiKeyClaims {
  const table = createLruCache<string, string>({ maxEntries: 1024 });
  const share = (record: Record<string, unknown>, skip: string): void => {
    for (const [name, value] of Object.entries(record)) {
      if (typeof value !== 'string' || name === skip || value.length > 512) continue;
      const known = table.get(value);
      if (known === undefined) table.set(value, value);
      else record[name] = known;
    }
  };
  return (claims) => {
    share(claims as Record<string, unknown>, 'jti');
    share(claims.application as unknown as Record<string, unknown>, 'uuid');
    return claims;
  };
}

/**
 * The signature check behind a cache: the costly step (one public-key operation) runs once per
 * key string; a hit costs a digest of the string and a Map lookup. A hit is used only while the
 * key store still returns the very key that verified it, so dropping a key from the trusted set
 * (or a JWKS rotation) takes effect on the next call. Keys whose signature failed are remembered
 * for `negativeTtl`, so a flood of one forged key costs one verification.
 */
export function createTokenVerifier(
  config: VerifyConfig,
  options: ValidationCacheOptions | false | undefined,
  now: () => number,
): TokenVerifier {
  const { positive, negative }: { positive: KeyCache<CachedToken> | undefined; negative: KeyCache<CachedFailure> | undefined } =
    cachesOf(options, config, now);
  // Keys from one signer share one header: cached entries share one header object.
  const headers = createLruCache<string, ApiKeyHeader>({ maxEntries: 64 });
  const sharedHeader = (token: string, header: ApiKeyHeader): ApiKeyHeader => {
    const segment = token.slice(0, token.indexOf('.'));
    const known = headers.get(segment);
    if (known !== undefined) return known;
    headers.set(segment, header);
    return header;
  };
  const intern = createStringInterner();

  /** `id`: the token's canonical form, what both caches are keyed by. */
  const verifyAfresh = async (token: string, id: string): Promise<Verification> => {
    const bad = negative?.get(id);
    if (bad !== undefined && (await findTrustedKey(config.keys, bad.kid)) === bad.key) return bad.failure;
    const result = await config.verify(token);
    if ('ok' in result) {
      if (result.reason === 'bad_signature' && negative !== undefined) {
        const kid = kidOf(token, config.maxKeyLength);
        if (kid !== undefined) negative.set(id, { failure: result, kid, key: await findTrustedKey(config.keys, kid), c1: 0, c2: 0, c3: 0 });
      }
      return result;
    }
    // Results share these objects with the cache; they are typed readonly (freezing them would
    // push V8 into a dictionary layout, ~2.5x the memory).
    const entry: CachedToken = {
      header: positive === undefined ? result.header : sharedHeader(token, result.header),
      claims: positive === undefined ? result.claims : intern(result.claims),
      key: result.key,
      fingerprint: undefined,
      c1: 0,
      c2: 0,
      c3: 0,
    };
    positive?.set(id, entry);
    return { token: entry, cached: false };
  };

  return {
    // A hit is answered at once (no promise) when the key store answers at once.
    verify(token) {
      // Spellings of one key (padded or not) share one entry. A token over maxKeyLength is keyed
      // as it is: its shorter canonical form must not find an entry the token itself could not earn.
      const id = token.length > config.maxKeyLength ? token : canonicalJws(token);
      const hit = positive?.get(id);
      if (hit === undefined) return verifyAfresh(token, id);
      const current = findTrustedKey(config.keys, hit.header.kid as string);
      const still = (key: PublicKey | undefined): Verification | Promise<Verification> =>
        key === hit.key ? { token: hit, cached: true } : verifyAfresh(token, id);
      return isPromiseLike(current) ? current.then(still) : still(current);
    },
    evict(jti) {
      positive?.deleteTag(jti);
    },
    stats() {
      return {
        ...(positive === undefined ? {} : { cache: positive.stats() }),
        ...(negative === undefined ? {} : { negativeCache: negative.stats() }),
      };
    },
  };
}
