/** A replica whose connections the test can cut, with a writer on its prefix, and a timer for changes to apply. */
import { createRedisReplica, createRedisReplicaWriter } from '../../src/redis/index.js';
import { breakable } from './breakable.js';
import { uniquePrefix, type Connected } from './clients.js';

export function breakableReplica(redis: Connected, maxStaleness = 300) {
  const prefix = uniquePrefix();
  const admin = createRedisReplicaWriter(redis.client, { prefix });
  const command = breakable(redis.client);
  const reader = breakable(redis.reader);
  const replica = createRedisReplica(command.client, { prefix, reader: reader.client, maxStaleness });
  return {
    prefix,
    admin,
    replica,
    /** Cuts both of the replica's connections (it goes stale after maxStaleness). */
    cut(): void {
      command.cut();
      reader.cut();
    },
    mend(): void {
      command.mend();
      reader.mend();
    },
  };
}

/** Calls until the outcome is `wanted`; resolves to the ms it took (throws after 2 s). */
export async function msUntil<R>(call: () => Promise<R>, wanted: (result: R) => boolean): Promise<number> {
  const start = performance.now();
  while (!wanted(await call())) {
    if (performance.now() - start > 2000) throw new Error('the change never applied');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.now() - start;
}
