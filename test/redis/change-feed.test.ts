/** The replica's change feed: the commands it sends (no Redis needed). */
import { describe, expect, it } from 'vitest';
import { redisChangeFeed } from '../../src/redis/change-feed.js';
import { replicaKeys } from '../../src/redis/replica-keys.js';

describe('redisChangeFeed', () => {
  it.each([[750.25, '751'], [0.5, '1'], [1000, '1000']])('blocks a heartbeat of %s ms as BLOCK %s (Redis takes whole milliseconds, and 0 waits for ever)', async (heartbeat, block) => {
    const sent: Array<readonly string[]> = [];
    const command = async (args: readonly string[]) => {
      sent.push(args);
      return null; // XREAD with nothing new
    };
    const feed = redisChangeFeed(command, replicaKeys('p:'), { read: command, heartbeat, blocking: true, now: () => 0 });
    await feed.read({ seq: 0, cursor: '0-0' }, true);
    expect(sent[0]?.slice(3, 5)).toEqual(['BLOCK', block]);
  });
});
