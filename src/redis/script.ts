import { toHex, utf8Encode } from '../encoding/utf8.js';
import { subtle } from '../jws/algorithms.js';
import { isScriptMissing, type RedisCommand } from './client.js';

/** A Lua script run with EVALSHA (one round trip), falling back to EVAL after a NOSCRIPT. */
export type RedisScript = (keys: readonly string[], args: readonly string[]) => Promise<unknown>;

export function redisScript(command: RedisCommand, source: string): RedisScript {
  let sha: Promise<string> | undefined;
  return async (keys, args) => {
    sha ??= subtle()
      .digest('SHA-1', utf8Encode(source) as Uint8Array<ArrayBuffer>)
      .then((digest) => toHex(new Uint8Array(digest)));
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await command(['EVALSHA', await sha, ...tail]);
    } catch (error) {
      // First use on this server, or after a restart or SCRIPT FLUSH: EVAL also caches it.
      if (!isScriptMissing(error)) throw error;
      return command(['EVAL', source, ...tail]);
    }
  };
}
