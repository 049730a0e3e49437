import type { KeyPair } from '../../index.js';
import { createKeyService, type KeyService } from '../../service/index.js';
import { API, DEMO_SUBSCRIPTION_TIERS, type DemoStores } from './setup.js';
import type { DemoSessions } from './sessions.js';

/**
 * The developer portal's key service, on the gateway's stores and signing key: a key generated in
 * the page is valid at the gateway at once, and a revoked one is refused on the next call.
 */
export function createDemoKeyService(stores: DemoStores, signing: KeyPair, sessions: DemoSessions): KeyService {
  return createKeyService({
    signingKey: signing.privateKey,
    // The banner's keys, issued before the page, are revoked by their owner too.
    keys: [signing.publicKey],
    authenticate: (request) => sessions.userOf(request.headers.get('cookie')),
    ...stores,
    apis: [API],
    throttlingPolicies: { subscription: DEMO_SUBSCRIPTION_TIERS },
  });
}
