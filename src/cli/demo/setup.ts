/**
 * What the demo gateway knows, as a WSO2 API Manager admin would set it up: the API, two
 * subscribed applications (one on a tiny throttling tier), the trusted key, key restrictions
 * enforced, and a backend JWT signer.
 */
import { createMemoryRevocationStore, createMemorySubscriptionStore, createValidator } from '../../index.js';
import { generateKeyPair } from '../../keys/index.js';
import { issueKey } from '../../issue/index.js';
import type { ApiDefinition, KeyPair, MemoryRevocationStore, MemorySubscriptionStore, Validator } from '../../index.js';
import {
  createBackendJwt, createLastUsedTracker, createMemoryApplicationStore, createThrottle, SUBSCRIPTION_TIERS, type MemoryApplicationStore,
} from '../../gateway/index.js';
import { createRestrictions } from '../../restrict/index.js';
import { createMemoryKeyInventory, issuedKeyOf, type MemoryKeyInventory } from '../../service/index.js';

export const API: ApiDefinition = { name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' };

/** The seed doc's DefaultApplication (its sample key names this uuid and id). */
export const DEFAULT_APP = {
  uuid: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547',
  id: 35,
  name: 'DefaultApplication',
  owner: 'kanchana',
  tier: 'Unlimited',
} as const;

/** Subscribed on the demo's `Trial` tier, so a few calls show WSO2's 429. */
export const TRIAL_APP = { uuid: '0c8ad1c2-7f0e-4a3b-9d51-6e2f3b4a5c6d', name: 'TrialApplication', owner: 'guest' } as const;
export const TRIAL_TIER = { requests: 3, periodSeconds: 60 } as const;

/** Not subscribed to anything: its keys are refused with 403. */
export const UNSUBSCRIBED_APP = { uuid: '6d1f0e0a-8d0b-4c52-9a3e-0c3f6b1f2a77', name: 'UnsubscribedApplication', owner: 'guest' } as const;

/** The subscription tiers of the demo: WSO2's and Trial (the developer portal offers them all). */
const { Unauthenticated: _, ...WSO2_TIERS } = SUBSCRIPTION_TIERS;
export const DEMO_SUBSCRIPTION_TIERS = { ...WSO2_TIERS, Trial: TRIAL_TIER } as const;

/** What the gateway and the developer portal's key service share: one set of stores. */
export interface DemoStores {
  readonly applications: MemoryApplicationStore;
  readonly subscriptions: MemorySubscriptionStore;
  readonly revocations: MemoryRevocationStore;
  readonly inventory: MemoryKeyInventory;
}

export function createDemoStores(): DemoStores {
  return {
    applications: createMemoryApplicationStore([DEFAULT_APP, TRIAL_APP, UNSUBSCRIBED_APP]),
    // Step 2 of the seed doc: applications subscribe to PizzaShackAPI with a throttling tier.
    subscriptions: createMemorySubscriptionStore([
      { applicationUuid: DEFAULT_APP.uuid, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' },
      { applicationUuid: TRIAL_APP.uuid, apiContext: API.context, apiVersion: API.version, tier: 'Trial' },
    ]),
    revocations: createMemoryRevocationStore(),
    inventory: createMemoryKeyInventory(),
  };
}

/** How soon the portal's "Last used" follows a call (a deployment would write every minute or so). */
export const DEMO_LAST_USED_INTERVAL_MS = 2000;

export function createDemoValidator(stores: DemoStores, trusted: KeyPair['publicKey'], backendJwtSigner: KeyPair['privateKey']): Validator {
  return createValidator({
    keys: [trusted],
    applications: stores.applications,
    subscriptions: stores.subscriptions,
    revocations: stores.revocations,
    apis: [API],
    // The demo issues a key restricted to 127.0.0.1: without this plugin it would be refused everywhere.
    restrictions: createRestrictions(),
    throttle: createThrottle({ tiers: DEMO_SUBSCRIPTION_TIERS }),
    // WSO2's "backend JWT": the PizzaShack backend learns who calls without ever seeing the key.
    backendJwt: createBackendJwt({ signingKey: backendJwtSigner }),
    // When each key was last used, for the portal's list: noted per call, written every few seconds.
    lastUsed: createLastUsedTracker({ store: stores.inventory, flushInterval: DEMO_LAST_USED_INTERVAL_MS }),
  });
}

/** A fresh backend JWT signer per run: the backend in this process is its only reader. */
export function createBackendJwtSigner(): Promise<KeyPair> {
  return generateKeyPair({ alias: 'demo_backend_jwt' });
}

export interface DemoKeys {
  readonly apiKey: string;
  readonly ipRestrictedKey: string;
  readonly trialKey: string;
  readonly unsubscribedKey: string;
}

/**
 * The keys the banner prints, as the Developer Portal's "Generate Key" would make them; recorded in
 * the inventory, so the portal lists them (and revokes them).
 */
export async function issueDemoKeys(signingKey: KeyPair['privateKey'], inventory: MemoryKeyInventory): Promise<DemoKeys> {
  const [apiKey, ipRestrictedKey, trialKey, unsubscribedKey] = await Promise.all([
    issueKey({ signingKey, subject: DEFAULT_APP.owner, application: DEFAULT_APP }),
    issueKey({ signingKey, subject: DEFAULT_APP.owner, application: DEFAULT_APP, permittedIPs: ['127.0.0.1', '::1'] }),
    issueKey({ signingKey, subject: TRIAL_APP.owner, application: TRIAL_APP }),
    issueKey({ signingKey, subject: UNSUBSCRIBED_APP.owner, application: UNSUBSCRIBED_APP }),
  ]);
  inventory.record(issuedKeyOf(apiKey, 'banner key'));
  inventory.record(issuedKeyOf(ipRestrictedKey, 'banner key, this machine only'));
  inventory.record(issuedKeyOf(trialKey, 'banner key'));
  inventory.record(issuedKeyOf(unsubscribedKey, 'banner key'));
  return { apiKey, ipRestrictedKey, trialKey, unsubscribedKey };
}
