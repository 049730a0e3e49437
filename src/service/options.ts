import { apiBasePath } from '../apis/compile.js';
import { checkCors } from '../cors/check.js';
import type { CorsPolicy } from '../cors/types.js';
import { KeygateError } from '../errors.js';
import type { KeyStore } from '../keys/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { APPLICATION_TIERS, checkTier, SUBSCRIPTION_TIERS } from '../throttle/tiers.js';
import type { ResolvedTier, Tier } from '../throttle/types.js';
import { keyStoreOf } from '../validate/config.js';
import type { ApiDefinition } from '../validate/types.js';
import { apiIdOf } from './ids.js';
import type { KeyServiceOptions } from './types.js';

/** An API as the service shows it: its id and the path prefix its calls use. */
export interface ServiceApi {
  readonly id: string;
  readonly definition: ApiDefinition;
  readonly basePath: string;
}

/** The options checked, with their defaults; the stores, keys and `authenticate` as given. */
export interface ServiceConfig
  extends Pick<KeyServiceOptions, 'signingKey' | 'authenticate' | 'applications' | 'subscriptions' | 'revocations' | 'inventory'> {
  readonly apis: readonly ServiceApi[];
  readonly basePath: string;
  readonly keys: KeyStore | undefined;
  readonly subscriptionTiers: ReadonlyMap<string, ResolvedTier>;
  readonly applicationTiers: ReadonlyMap<string, ResolvedTier>;
  readonly cors: CorsPolicy | undefined;
  readonly issuer: string | undefined;
  readonly onError: ((error: unknown, request: Request) => void) | undefined;
  readonly now: () => number;
}

const OPTIONS = {
  signingKey: true, authenticate: true, applications: true, subscriptions: true, revocations: true, inventory: true, apis: true,
  basePath: true, keys: true, throttlingPolicies: true, cors: true, issuer: true, onError: true, now: true,
} as const satisfies OptionNames<KeyServiceOptions>;

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', `createKeyService: ${message}`);
};

function needs(value: unknown, name: string, methods: readonly string[], example: string): void {
  const ok = typeof value === 'object' && value !== null && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (!ok) invalid(`${name} must have ${methods.join(', ')} (${example})`);
}

function apisOf(apis: unknown): ServiceApi[] {
  if (!Array.isArray(apis)) return invalid('apis must be an array of API definitions (the validator\'s apis)');
  return (apis as ApiDefinition[]).map((api, i) => {
    for (const f of ['name', 'context', 'version'] as const) {
      if (typeof api?.[f] !== 'string' || api[f].length === 0) invalid(`apis[${i}].${f} must be a non-empty string`);
    }
    return { id: apiIdOf(api), definition: api, basePath: apiBasePath(api) };
  });
}

function tiersOf(given: Readonly<Record<string, Tier>> | undefined, defaults: Readonly<Record<string, ResolvedTier>>, level: string): ReadonlyMap<string, ResolvedTier> {
  if (given === undefined) return new Map(Object.entries(defaults));
  if (typeof given !== 'object' || given === null || Object.keys(given).length === 0) invalid(`throttlingPolicies.${level} must name at least one tier`);
  return new Map(Object.entries(given).map(([name, tier]) => [name, checkTier(tier, JSON.stringify(name))]));
}

function basePathOf(path: unknown): string {
  if (path === undefined) return '/api/am/devportal/v3';
  if (typeof path !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(path)) invalid('basePath must be a path such as /api/am/devportal/v3 (no trailing slash)');
  return path as string;
}

/** Checks every option once, at createKeyService: a request never meets a misconfiguration. */
export function resolveServiceConfig(options: KeyServiceOptions): ServiceConfig {
  if (typeof options !== 'object' || options === null) invalid('needs an options object');
  checkOptionNames(options, OPTIONS, 'createKeyService');
  if (options.signingKey?.type !== 'private') invalid('signingKey must be a private key from generateKeyPair() or importKey()');
  if (typeof options.authenticate !== 'function') invalid('authenticate must be a function (request) => { subscriber } | undefined: the service has no users of its own');
  needs(options.applications, 'applications', ['find', 'add', 'update', 'remove', 'listByOwner'], 'createMemoryApplicationStore, createRedisApplicationStore');
  needs(options.subscriptions, 'subscriptions', ['find', 'add', 'remove', 'list'], 'createMemorySubscriptionStore, createRedisSubscriptionStore');
  needs(options.revocations, 'revocations', ['isRevoked', 'revoke'], 'a RevocationStore');
  needs(options.inventory, 'inventory', ['record', 'find', 'list', 'remove'], 'createMemoryKeyInventory, createRedisKeyInventory');
  if (options.cors !== undefined) checkCors(options.cors, 'createKeyService: cors');
  if (options.issuer !== undefined && typeof options.issuer !== 'string') invalid('issuer must be a string');
  for (const name of ['now', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') invalid(`${name} must be a function`);
  }
  const policies: KeyServiceOptions['throttlingPolicies'] = options.throttlingPolicies ?? {};
  checkOptionNames(policies, { subscription: true, application: true }, 'createKeyService: throttlingPolicies');
  const { Unauthenticated: _, ...subscriptionDefaults } = SUBSCRIPTION_TIERS;
  return {
    signingKey: options.signingKey,
    authenticate: options.authenticate,
    applications: options.applications,
    subscriptions: options.subscriptions,
    revocations: options.revocations,
    inventory: options.inventory,
    apis: apisOf(options.apis),
    basePath: basePathOf(options.basePath),
    keys: options.keys === undefined ? undefined : keyStoreOf(options.keys),
    subscriptionTiers: tiersOf(policies.subscription, subscriptionDefaults, 'subscription'),
    applicationTiers: tiersOf(policies.application, APPLICATION_TIERS, 'application'),
    cors: options.cors === undefined ? undefined : { options: options.cors, keyHeader: 'content-type' },
    issuer: options.issuer,
    onError: options.onError,
    now: options.now ?? Date.now,
  };
}
