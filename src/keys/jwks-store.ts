import { parseJsonObject } from '../encoding/json.js';
import { readBoundedBody } from '../encoding/bounded-body.js';
import { KeygateError } from '../errors.js';
import { importPublicKey } from './import.js';
import type { ImportKeyOptions } from './import.js';
import { checkedJwksUrl, isTrustedJwksUrl } from './jwks-url.js';
import type { Jwk, KeyStore, PublicKey } from './types.js';
import { MAX_TIMER_MS } from '../options/durations.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Options of `createJwksKeyStore`. */
export interface JwksKeyStoreOptions {
  /** Seconds a fetched set is used before it is fetched again (default 600). */
  readonly cacheTtl?: number | undefined;
  /**
   * Least seconds between two fetches caused by an unknown `kid` or a failure (default 30), so
   * a flood of forged `kid`s costs the issuer at most one request per cooldown.
   */
  readonly cooldown?: number | undefined;
  /** Seconds before a fetch is abandoned (default 5). */
  readonly timeout?: number | undefined;
  /** Largest JWKS accepted, in characters (default 1 MiB). */
  readonly maxBytes?: number | undefined;
  /** Most keys read from the set (default 100). */
  readonly maxKeys?: number | undefined;
  /** The fetch function (default: the global `fetch`, looked up on each call). */
  readonly fetch?: typeof fetch | undefined;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /**
   * Allow a plain `http:` URL to a host that is not loopback (default false). The set decides
   * which keys are trusted: over http anyone on the network path can swap in their own.
   */
  readonly allowInsecureHttp?: boolean | undefined;
  /** Trust RSA keys with an odd public exponent from 3 up (default false: at least 65537); see ImportKeyOptions. */
  readonly allowSmallRsaExponent?: boolean | undefined;
}

/** A `KeyStore` over a remote JWK Set (see `createJwksKeyStore`). */
export interface JwksKeyStore extends KeyStore {
  getKey(kid: string): Promise<PublicKey | undefined>;
  /** Fetches the set now (errors propagate; the last good set is kept). */
  refresh(): Promise<void>;
  /** The keys of the last good set. */
  list(): PublicKey[];
}

const unavailable = (message: string, cause?: unknown): KeygateError =>
  new KeygateError('ERR_STORE_UNAVAILABLE', message, cause === undefined ? undefined : { cause });

function seconds(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new KeygateError('ERR_INVALID_OPTION', `${field} must be a non-negative number of seconds`);
  }
  return v * 1000;
}

/**
 * What identifies a JWK's key material and use: equal for an unchanged key in a refetched set. Its
 * `use` and `key_ops` count: a key the issuer no longer lets verify must be read again, and dropped.
 */
const identityOf = (jwk: Record<string, unknown>): string =>
  JSON.stringify(['kty', 'crv', 'n', 'e', 'x', 'y', 'alg', 'x5c', 'use', 'key_ops'].map((name) => jwk[name] ?? null));

/** The body as text, read no further than `maxBytes` (a body without Content-Length is counted as it comes). */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const bytes = Number(response.headers.get('content-length') ?? 0) > maxBytes ? undefined : await readBoundedBody(response, maxBytes);
  if (bytes === undefined) throw unavailable('the JWKS is larger than maxBytes');
  return new TextDecoder().decode(bytes);
}

interface KnownKey {
  readonly identity: string;
  readonly key: PublicKey;
}

/**
 * Imports the usable signature keys of a set; a key that cannot be used is skipped, not fatal.
 * A key unchanged since the last set keeps its PublicKey object, so validations cached against it
 * stay valid (a refresh must not make every cached key verify again at once).
 */
async function readSet(
  text: string,
  maxKeys: number,
  previous: ReadonlyMap<string, KnownKey>,
  importOptions: ImportKeyOptions,
): Promise<Map<string, KnownKey>> {
  const set = parseJsonObject(text);
  if (!set || !Array.isArray(set.keys)) throw unavailable('the JWKS is not a JSON object with a "keys" array');
  const keys = new Map<string, KnownKey>();
  for (const jwk of (set.keys as unknown[]).slice(0, maxKeys)) {
    if (typeof jwk !== 'object' || jwk === null) continue;
    const { kid, use } = jwk as Record<string, unknown>;
    if (typeof kid !== 'string' || keys.has(kid) || (use !== undefined && use !== 'sig')) continue;
    const identity = identityOf(jwk as Record<string, unknown>);
    const known = previous.get(kid);
    if (known?.identity === identity) {
      keys.set(kid, known);
      continue;
    }
    try {
      keys.set(kid, { identity, key: await importPublicKey(jwk as Jwk, importOptions) });
    } catch {
      // Symmetric, private, unsupported, weak or malformed keys are not trusted, but do not spoil the rest.
    }
  }
  return keys;
}

const JWKS_OPTIONS = {
  cacheTtl: true, cooldown: true, timeout: true, maxBytes: true, maxKeys: true, fetch: true, now: true, allowInsecureHttp: true, allowSmallRsaExponent: true,
} as const satisfies OptionNames<JwksKeyStoreOptions>;

/**
 * A KeyStore over a remote JWK Set (the issuer's `/.well-known/jwks.json`), fetched with the
 * global `fetch`: rotating keys across a fleet then needs no restart. The set is cached for
 * `cacheTtl`; an unknown `kid` refetches it at most once per `cooldown`; while the issuer is
 * down the last good set keeps being served. Before any set was fetched, a failure throws
 * `ERR_STORE_UNAVAILABLE` (validate answers 503). `url` must be https (or http to a loopback
 * host, or `allowInsecureHttp`): anything else throws ERR_INVALID_OPTION.
 */
export function createJwksKeyStore(url: string, options: JwksKeyStoreOptions = {}): JwksKeyStore {
  checkOptionNames(options, JWKS_OPTIONS, 'createJwksKeyStore');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const href = checkedJwksUrl(url, options.allowInsecureHttp);
  const cacheTtl = seconds(options.cacheTtl, 600, 'cacheTtl');
  const cooldown = seconds(options.cooldown, 30, 'cooldown');
  const timeout = seconds(options.timeout, 5, 'timeout');
  if (timeout === 0 || timeout > MAX_TIMER_MS) throw new KeygateError('ERR_INVALID_OPTION', `timeout must be above 0 and at most ${Math.floor(MAX_TIMER_MS / 1000)} s`);
  const maxBytes = options.maxBytes ?? 1_048_576;
  const maxKeys = options.maxKeys ?? 100;
  const { allowSmallRsaExponent = false } = options;
  if (typeof allowSmallRsaExponent !== 'boolean') throw new KeygateError('ERR_INVALID_OPTION', 'allowSmallRsaExponent must be a boolean');
  const importOptions: ImportKeyOptions = { allowSmallRsaExponent };
  const now = options.now ?? Date.now;
  let keys: Map<string, KnownKey> | undefined;
  let fetchedAt = -Infinity; // last good set
  let attemptedAt = -Infinity; // last fetch, good or not
  let failedAt = -Infinity; // last fetch that failed
  let inFlight: Promise<void> | undefined;
  let lastError: unknown;

  const load = async (): Promise<void> => {
    const fetchFn = options.fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') throw unavailable('no fetch function is available in this runtime');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const response = await fetchFn(href, { headers: { accept: 'application/json' }, signal: controller.signal });
      if (!response.ok) throw unavailable(`the JWKS endpoint answered HTTP ${response.status}`);
      // A redirect must not lead the fetch off https either (`url` is empty for a hand-made Response).
      if (response.url && !isTrustedJwksUrl(new URL(response.url), allowInsecureHttp)) {
        throw unavailable('the JWKS endpoint redirected to a plain http URL');
      }
      keys = await readSet(await readLimited(response, maxBytes), maxKeys, keys ?? new Map(), importOptions);
      fetchedAt = now();
    } catch (err) {
      throw err instanceof KeygateError ? err : unavailable('the JWKS could not be fetched', err);
    } finally {
      clearTimeout(timer);
    }
  };

  // One fetch at a time; callers arriving meanwhile share it.
  const refresh = (): Promise<void> => {
    inFlight ??= (async () => {
      attemptedAt = now();
      try {
        await load();
      } catch (err) {
        failedAt = attemptedAt;
        lastError = err;
        throw err;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  /**
   * Refreshes (or joins a fetch under way) unless the cooldown forbids it: since the last failure
   * when the set is due (`cacheTtl`), since the last attempt of any kind for an unknown `kid`.
   * A failure is swallowed while a last good set can still be served.
   */
  const tryRefresh = async (since: number): Promise<void> => {
    if (inFlight === undefined && now() - since < cooldown) {
      if (keys === undefined) throw lastError ?? unavailable('the JWKS could not be fetched');
      return;
    }
    try {
      await refresh();
    } catch (err) {
      if (keys === undefined) throw err;
    }
  };

  return {
    async getKey(kid) {
      if (keys === undefined || now() - fetchedAt >= cacheTtl) await tryRefresh(failedAt);
      const key = keys?.get(kid)?.key;
      if (key !== undefined) return key;
      // A fetch under way (another caller's unknown kid, perhaps this one) may bring it: wait for it.
      if (inFlight !== undefined) await inFlight.catch(() => undefined);
      else if (now() - attemptedAt >= cooldown) await tryRefresh(attemptedAt);
      return keys?.get(kid)?.key;
    },
    refresh,
    list: () => [...(keys?.values() ?? [])].map((known) => known.key),
  };
}
