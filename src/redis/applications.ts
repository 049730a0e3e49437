import { applicationExists, applicationMissing, checkApplication } from '../applications/check.js';
import { encodeApplication } from '../applications/codec.js';
import type { Application, ApplicationStore } from '../applications/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { APPLICATIONS } from '../replica/applications.js';
import { decodeRecord } from '../replica/records.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyString } from './reply.js';
import { redisSetIndex, stringRecord } from './set-index.js';

/** Options of `createRedisApplicationStore`: the key prefix and timeouts every Redis store shares. */
export type RedisApplicationStoreOptions = RedisCommonOptions;

/** An ApplicationStore shared by every gateway; `find` is one GET. */
export interface RedisApplicationStore extends ApplicationStore {
  /** One GET; rejects with `ERR_STORE_UNAVAILABLE` when Redis fails or times out, or holds a value that is not keygate's. */
  find(uuid: string): Promise<Application | undefined>;
  /** Adds an application (SET NX, then SADD to its owner's set); rejects if one with the same uuid exists. */
  add(application: Application): Promise<void>;
  /** Replaces an existing application (SET XX; a new owner's set gains it, the old one's loses it); rejects if there is none. */
  update(application: Application): Promise<void>;
  /** Removes an application (DEL, SREM); resolves to whether one was there. Its keys are refused from the next call on. */
  remove(uuid: string): Promise<boolean>;
  /** The applications `owner` owns, by uuid (SMEMBERS of the owner's set, one GET each); not meant for the request path. */
  listByOwner(owner: string): Promise<Application[]>;
}

/**
 * Layout: one string per application, `<prefix>app:<uuid>`, holding the application as JSON
 * (`{ uuid, name, id?, owner?, tier?, status?, attributes?, description? }`), and one set per owner,
 * `<prefix>apps-of:<owner>`, of the uuids of its applications (written after the application: see
 * RedisSetIndex). Writes are checked as in the memory store (`ERR_INVALID_OPTION`); reads are
 * checked too, and a value that is not an application makes `find` reject (503, never a pass).
 */
export function createRedisApplicationStore(client: RedisClientLike, options: RedisApplicationStoreOptions = {}): RedisApplicationStore {
  checkOptionNames(options, { prefix: true, timeout: true } satisfies OptionNames<RedisApplicationStoreOptions>, 'createRedisApplicationStore');
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const keyOf = (uuid: string): string => `${prefix}app:${uuid}`;
  const owners = redisSetIndex<Application>(command, {
    setKey: (owner) => `${prefix}apps-of:${owner}`,
    recordKey: keyOf,
    decode: stringRecord('an application', (uuid, value) => decodeRecord(APPLICATIONS, uuid, value)),
    groupOf: (app) => app.owner,
    what: 'an application',
  });
  const { find } = owners;

  return {
    find,
    async add(application) {
      const app = checkApplication(application);
      const reply = await command(['SET', keyOf(app.uuid), encodeApplication(app), 'NX']);
      if (replyString(reply, 'SET NX') === undefined) throw applicationExists(app.uuid);
      if (app.owner !== undefined) await owners.add(app.owner, app.uuid);
    },
    async update(application) {
      const app = checkApplication(application);
      const old = await find(app.uuid).catch(() => undefined);
      const reply = await command(['SET', keyOf(app.uuid), encodeApplication(app), 'XX']);
      if (replyString(reply, 'SET XX') === undefined) throw applicationMissing(app.uuid);
      if (app.owner !== undefined) await owners.add(app.owner, app.uuid);
      if (old?.owner !== undefined && old.owner !== app.owner) await owners.remove(old.owner, app.uuid);
    },
    remove: (uuid) => owners.delete(uuid),
    listByOwner: (owner) => owners.list(owner),
  };
}
