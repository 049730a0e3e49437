// `keygate/service`: the key service behind a developer portal (WSO2's Developer Portal REST API
// for API keys, as a Fetch handler) and the in-memory key inventory. See docs/portal.md.
export { createKeyService } from './service.js';
export type {
  KeyService,
  KeyServiceApplicationStore,
  KeyServiceOptions,
  KeyServiceSubscriptionStore,
  ServiceUser,
  ThrottlingPolicies,
} from './types.js';
export { createMemoryKeyInventory } from '../inventory/memory.js';
export type { MemoryKeyInventory, MemoryKeyInventoryOptions } from '../inventory/memory.js';
export type { IssuedKey, KeyInventory, KeyUse, LastUsedStore } from '../inventory/types.js';
export { issuedKeyOf } from '../inventory/from-key.js';
