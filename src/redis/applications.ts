import { applicationExists, applicationMissing, checkApplication } from '../applications/check.js';
import { corruptApplication, decodeApplication, encodeApplication } from '../applications/codec.js';
import type { Application, ApplicationStore } from '../applications/types.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';
import { optionalPrefix, redisCommand, type RedisClientLike, type RedisCommonOptions } from './client.js';
import { replyNumber, replyString } from './reply.js';

/** Options of `createRedisApplicationStore`: the key prefix and timeouts every Redis store shares. */
export type RedisApplicationStoreOptions = RedisCommonOptions;

/** An ApplicationStore shared by every gateway; `find` is one GET. */
export interface RedisApplicationStore extends ApplicationStore {
  /** One GET; rejects with `ERR_STORE_UNAVAILABLE` when Redis fails or times out, or holds a value that is not keygate's. */
  find(uuid: string): Promise<Application | undefined>;
  /** Adds an application (one SET NX); rejects if one with the same uuid exists. */
  add(application: Application): Promise<void>;
  /** Replaces an existing application (one SET XX); rejects if there is none. */
  update(application: Application): Promise<void>;
  /** Removes an application (one DEL); resolves to whether one was there. Its keys are refused from the next call on. */
  remove(uuid: string): Promise<boolean>;
}

/** The longest uuid looked up: keys name it, and a key is only a key name in Redis. */
const MAX_UUID_LENGTH = 1024;

/**
 * Layout: one string per application, `<prefix>app:<uuid>`, holding the application as JSON
 * (`{ uuid, name, id?, owner?, tier?, status?, attributes? }`). Writes are checked as in the memory
 * store (`ERR_INVALID_OPTION`); reads are checked too, and a value that is not an application makes
 * `find` reject (503, never a pass).
 */
export function createRedisApplicationStore(client: RedisClientLike, options: RedisApplicationStoreOptions = {}): RedisApplicationStore {
  checkOptionNames(options, { prefix: true, timeout: true } satisfies OptionNames<RedisApplicationStoreOptions>, 'createRedisApplicationStore');
  const prefix = optionalPrefix(options.prefix);
  const command = redisCommand(client, options);
  const keyOf = (uuid: string): string => `${prefix}app:${uuid}`;

  return {
    async find(uuid) {
      if (typeof uuid !== 'string' || uuid.length === 0 || uuid.length > MAX_UUID_LENGTH) return undefined;
      const value = replyString(await command(['GET', keyOf(uuid)]), 'an application');
      if (value === undefined) return undefined;
      const app = decodeApplication(uuid, value);
      if (app === undefined) throw corruptApplication();
      return app;
    },
    async add(application) {
      const app = checkApplication(application);
      const reply = await command(['SET', keyOf(app.uuid), encodeApplication(app), 'NX']);
      if (replyString(reply, 'SET NX') === undefined) throw applicationExists(app.uuid);
    },
    async update(application) {
      const app = checkApplication(application);
      const reply = await command(['SET', keyOf(app.uuid), encodeApplication(app), 'XX']);
      if (replyString(reply, 'SET XX') === undefined) throw applicationMissing(app.uuid);
    },
    async remove(uuid) {
      return replyNumber(await command(['DEL', keyOf(uuid)]), 'DEL') > 0;
    },
  };
}
