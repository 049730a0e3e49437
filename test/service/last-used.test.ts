/** The keys' list shows when a gateway last accepted each key, as its last-used tracker wrote it. */
import { describe, expect, it } from 'vitest';
import { createValidator } from '../../src/index.js';
import { createLastUsedTracker } from '../../src/gateway/index.js';
import { DEFAULT_APP, PIZZA, setUpService } from './harness.js';

describe('GET .../api-keys with a gateway that records last use', () => {
  it('has lastUsedTime once the tracker wrote a use of the key, and only then', async () => {
    let now = Date.UTC(2030, 0, 1);
    const s = await setUpService({ now: () => now });
    const tracker = createLastUsedTracker({ store: s.inventory, flushInterval: 3_600_000 });
    const gateway = createValidator({
      keys: [s.publicKey], applications: s.applications, subscriptions: s.subscriptions, revocations: s.revocations, apis: [PIZZA],
      lastUsed: tracker, now: () => now,
    });
    const generate = (keyName: string) => s.kanchana('POST', `/applications/${DEFAULT_APP.uuid}/api-keys/PRODUCTION/generate`, { keyName });
    const used = (await generate('used')).body.apikey as string;
    now += 1000; // listed oldest first
    await generate('unused');
    now += 90_000;
    expect((await gateway.validate({ url: 'https://gw.example.com/pizzashack/1.0.0/menu', headers: { apikey: used } })).ok).toBe(true);
    const listed = async () => ((await s.kanchana('GET', `/applications/${DEFAULT_APP.uuid}/api-keys`)).body.list as Record<string, unknown>[])
      .map(({ keyName, lastUsedTime }) => ({ keyName, lastUsedTime }));
    expect(await listed()).toEqual([{ keyName: 'used', lastUsedTime: undefined }, { keyName: 'unused', lastUsedTime: undefined }]);
    await tracker.flush();
    expect(await listed()).toEqual([{ keyName: 'used', lastUsedTime: '2030-01-01T00:01:31.000Z' }, { keyName: 'unused', lastUsedTime: undefined }]);
  });
});
