// The README's quick start against the built package (`npm run demo` builds first).
import { createMemorySubscriptionStore, createValidator } from 'keygate';
import { generateKeyPair } from 'keygate/keys';
import { issueKey } from 'keygate/issue';

const { privateKey, publicKey } = await generateKeyPair();
const app = { uuid: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', name: 'DefaultApplication' };
const apiKey = await issueKey({ signingKey: privateKey, subject: 'kanchana', application: app });
console.log(`API key: ${apiKey}\n`);

const subscriptions = createMemorySubscriptionStore([{ applicationUuid: app.uuid, apiContext: '/pizzashack', apiVersion: '1.0.0' }]);
const validator = createValidator({
  keys: [publicKey],
  subscriptions,
  apis: [{ name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' }],
});

const url = 'https://gw.local/pizzashack/1.0.0/menu';
const calls = {
  'header apikey': new Request(url, { headers: { apikey: apiKey } }),
  'query ?apikey=': new Request(`${url}?apikey=${encodeURIComponent(apiKey)}`),
  'no key': new Request(url),
  'tampered key': new Request(url, { headers: { apikey: apiKey.slice(0, -4) + 'AAAA' } }),
};
for (const [name, request] of Object.entries(calls)) {
  const r = await validator.validate(request);
  console.log(`${name.padEnd(16)} -> ${r.ok ? `OK (${r.api.name}, ${r.keyType})` : `${r.status} ${r.code} ${r.message}: ${r.description}`}`);
}
