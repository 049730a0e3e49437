import { applicationExists, applicationMissing, checkApplication } from './check.js';
import type { Application, ApplicationStore } from './types.js';

/** The in-process `ApplicationStore` (see `createMemoryApplicationStore`). */
export interface MemoryApplicationStore extends ApplicationStore {
  /** Answers at once, from memory. */
  find(uuid: string): Application | undefined;
  /** Adds an application; throws if one with the same uuid exists. */
  add(application: Application): void;
  /** Replaces an existing application (name, owner, tier, status or attributes change); throws if there is none. */
  update(application: Application): void;
  /** Removes an application; returns whether one was there. Its keys are refused from the next call on. */
  remove(uuid: string): boolean;
  /** Every application, in insertion order. */
  list(): Application[];
  /** The applications `owner` owns, in insertion order (the key service lists them so). */
  listByOwner(owner: string): Application[];
}

/**
 * The in-process `ApplicationStore`, optionally filled with `applications`; for one gateway
 * process (`createRedisApplicationStore` in `keygate/redis` shares one between processes).
 * Applications are checked and frozen as they are added: a bad one throws `ERR_INVALID_OPTION`.
 */
export function createMemoryApplicationStore(applications: Iterable<Application> = []): MemoryApplicationStore {
  const map = new Map<string, Application>();
  const store: MemoryApplicationStore = {
    find: (uuid) => map.get(uuid),
    add(application) {
      const app = checkApplication(application);
      if (map.has(app.uuid)) throw applicationExists(app.uuid);
      map.set(app.uuid, app);
    },
    update(application) {
      const app = checkApplication(application);
      if (!map.has(app.uuid)) throw applicationMissing(app.uuid);
      map.set(app.uuid, app);
    },
    remove: (uuid) => map.delete(uuid),
    list: () => [...map.values()],
    listByOwner: (owner) => [...map.values()].filter((app) => app.owner === owner),
  };
  for (const app of applications) store.add(app);
  return store;
}
