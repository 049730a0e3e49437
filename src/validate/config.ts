import { DEFAULT_MAX_KEY_LENGTH } from '../claims/check.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { requireAlgorithm, SUPPORTED_ALGORITHMS } from '../jws/algorithms.js';
import { createStaticKeyStore } from '../keys/static-store.js';
import type { Algorithm, KeyStore, PublicKey } from '../keys/types.js';
import { MAX_CLOCK_TOLERANCE } from '../stores/clock-tolerance.js';
import { createMemoryRevocationStore } from '../stores/memory-revocations.js';
import type { RevocationStore, SubscriptionStore } from '../stores/types.js';
import type { ApplicationStore } from '../applications/types.js';
import { compileApis, type ApiMatcher } from '../apis/compile.js';
import { peerAddress } from './peer-ip.js';
import { checkAuthScheme, checkKeyHeader } from './credentials.js';
import type { ClientIpResolver } from './plugins.js';
import type { ValidatorOptions } from './types.js';

/** Validator options checked once and filled with defaults. */
export interface ValidatorConfig {
  readonly keys: KeyStore;
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly subscriptions: SubscriptionStore;
  readonly revocations: RevocationStore;
  readonly applications: ApplicationStore | undefined;
  readonly apis: ApiMatcher;
  readonly header: string;
  readonly queryParam: string | false;
  readonly authScheme: string | false;
  readonly clockTolerance: number;
  readonly strictPaths: boolean;
  readonly maxKeyLength: number;
  readonly maxJsonDepth: number;
  readonly now: () => number;
  /** Finds the client address: by default the peer, canonical; behind trusted proxies, from the forwarding header. */
  readonly clientIp: ClientIpResolver;
}

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

const hasMethod = (value: unknown, method: string): boolean =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[method] === 'function';

/** The validator's `keys` option as a KeyStore (the key service takes the same option). */
export function keyStoreOf(keys: ValidatorOptions['keys']): KeyStore {
  if (Array.isArray(keys)) {
    if (keys.length === 0) invalid('keys must hold at least one trusted public key');
    return createStaticKeyStore(keys as readonly PublicKey[]);
  }
  return hasMethod(keys, 'getKey') ? (keys as KeyStore) : invalid('keys must be an array of public keys or a KeyStore');
}

function nonNegative(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : invalid(`${field} must be a non-negative number`);
}

/** Revocations are kept MAX_CLOCK_TOLERANCE past exp: a larger tolerance would accept a forgotten revoked key. */
function clockToleranceOf(value: number | undefined): number {
  const tolerance = nonNegative(value, 'clockTolerance', 0);
  if (tolerance > MAX_CLOCK_TOLERANCE) {
    // That long past a key's exp, stores keep its revocation (MAX_CLOCK_TOLERANCE's docs).
    invalid(`clockTolerance may be at most ${MAX_CLOCK_TOLERANCE} s`);
  }
  return tolerance;
}

function booleanOption(value: boolean | undefined, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return typeof value === 'boolean' ? value : invalid(`${field} must be true or false`);
}

const GATEWAY = 'keygate/gateway';

/** Options of 0.1.0 that became keygate/gateway plugins: what to pass instead. */
const MOVED: Readonly<Record<string, string>> = {
  tiers: 'throttle: createThrottle({ tiers })',
  rateLimiter: 'throttle: createThrottle({ limiter })',
  trustedProxies: 'clientIp: createClientIpResolver({ trustedProxies })',
  forwardingHeader: 'clientIp: createClientIpResolver({ forwardingHeader })',
  onResult: 'audit: createAuditTrail(onResult)',
};
const movedHint = (name: string): string | undefined => (Object.hasOwn(MOVED, name) ? `moved to ${GATEWAY}: pass ${MOVED[name]}` : undefined);

/** The plugin options: the method createValidator calls, and the factory (and entry) that builds each. */
const FEATURES = [
  ['cache', 'createVerifier', 'createValidationCache({ maxEntries, ttl })', GATEWAY],
  ['restrictions', 'createCheck', 'createRestrictions()', 'keygate/restrict'],
  ['throttle', 'createCheck', 'createThrottle({ tiers, limiter })', GATEWAY],
  ['resources', 'createRouter', 'createResourceMatcher()', GATEWAY],
  ['cors', 'createPolicy', 'createCors()', GATEWAY],
  ['backendJwt', 'createSigner', 'createBackendJwt({ signingKey })', GATEWAY],
  ['audit', 'createRecorder', 'createAuditTrail(onResult)', GATEWAY],
  ['lastUsed', 'createUsageRecorder', 'createLastUsedTracker({ store })', GATEWAY],
] as const;

const VALIDATOR_OPTIONS = {
  keys: true, subscriptions: true, revocations: true, applications: true, apis: true, header: true, queryParam: true, authScheme: true,
  clockTolerance: true, maxKeyLength: true, algorithms: true, strictPaths: true, now: true,
  cache: true, restrictions: true, throttle: true, resources: true, cors: true, backendJwt: true, clientIp: true, audit: true, lastUsed: true,
} as const satisfies OptionNames<ValidatorOptions>;

function checkFeatures(options: ValidatorOptions): void {
  const given = options as unknown as Record<string, unknown>;
  checkOptionNames(options, VALIDATOR_OPTIONS, 'createValidator', movedHint);
  for (const [name, method, factory, entry] of FEATURES) {
    if (given[name] !== undefined && !hasMethod(given[name], method)) invalid(`${name} must be made by ${factory} from ${entry}`);
  }
  if (options.clientIp !== undefined && typeof options.clientIp !== 'function') {
    invalid('clientIp must be a function (peerIp, headers) => address, e.g. createClientIpResolver() from keygate/gateway');
  }
}

/** The default resolver: the peer address, in the form `read` gives it (forwarding headers are never read). */
const peerResolver = (read: (text: string) => string | undefined): ClientIpResolver => (peerIp) => (typeof peerIp === 'string' ? read(peerIp) : undefined);

/** Misconfiguration throws here, at createValidator time, so validate() itself never has to. */
export function resolveConfig(options: ValidatorOptions): ValidatorConfig {
  if (typeof options !== 'object' || options === null) invalid('createValidator needs an options object');
  checkFeatures(options);
  if (!hasMethod(options.subscriptions, 'find')) invalid('subscriptions must be a SubscriptionStore');
  if (options.revocations !== undefined && !hasMethod(options.revocations, 'isRevoked')) {
    invalid('revocations must be a RevocationStore');
  }
  if (options.applications !== undefined && !hasMethod(options.applications, 'find')) {
    invalid('applications must be an ApplicationStore');
  }
  const header = checkKeyHeader(options.header ?? 'apikey', 'header');
  const queryParam = options.queryParam ?? 'apikey';
  if (queryParam !== false && (typeof queryParam !== 'string' || queryParam.length === 0)) {
    invalid('queryParam must be a non-empty string or false');
  }
  const algorithms = (options.algorithms ?? SUPPORTED_ALGORITHMS).map((alg, i) => requireAlgorithm(alg, `algorithms[${i}]`));
  if (algorithms.length === 0) invalid('algorithms must allow at least one algorithm');
  const maxKeyLength = nonNegative(options.maxKeyLength, 'maxKeyLength', DEFAULT_MAX_KEY_LENGTH);
  if (options.now !== undefined && typeof options.now !== 'function') invalid('now must be a function');
  return {
    keys: keyStoreOf(options.keys),
    algorithms: new Set(algorithms),
    subscriptions: options.subscriptions,
    revocations: options.revocations ?? createMemoryRevocationStore(),
    applications: options.applications,
    apis: compileApis(options.apis, header, options),
    header,
    queryParam,
    authScheme: checkAuthScheme(options.authScheme ?? false, 'authScheme'),
    clockTolerance: clockToleranceOf(options.clockTolerance),
    strictPaths: booleanOption(options.strictPaths, 'strictPaths', true),
    maxKeyLength,
    maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
    now: options.now ?? Date.now,
    clientIp: options.clientIp ?? peerResolver(options.restrictions?.clientAddress ?? peerAddress),
  };
}
