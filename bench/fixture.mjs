// The fixture the validate benches share: one 2048-bit RS256 key pair, one realistic API key (IP and
// referrer restricted), a memory subscription store, and 1,000 requests carrying it. `cachedModel` adds
// the data model: an application store and the API's resources (PizzaShack's, /menu among them).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMemorySubscriptionStore, createValidator } from 'keygate';
import { createValidationCache } from 'keygate/gateway';
import { generateKeyPair } from 'keygate/keys';
import { issueKey } from 'keygate/issue';
import { createRestrictions } from 'keygate/restrict';

export const APP = '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547';
export const API = { name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' };
export const { privateKey, publicKey } = await generateKeyPair({ alg: 'RS256', modulusLength: 2048 });
export const apiKey = await issueKey({
  signingKey: privateKey,
  subject: 'kanchana',
  application: { uuid: APP, id: 35, name: 'DefaultApplication', tier: 'Unlimited' },
  permittedIPs: ['192.168.1.2', '10.0.0.0/8', '2001:db8::/32'],
  permittedReferrers: ['www.example.com/path', '*.example.com/*'],
});
const subscriptions = createMemorySubscriptionStore([{ applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' }]);
export const request = {
  url: 'https://gw.local/pizzashack/1.0.0/menu',
  headers: { apikey: apiKey, referer: 'https://app.example.com/orders' },
};
export const context = { clientIp: '10.1.2.3' };
// A server hands each request its own strings: subjects take turns over 1,000 requests whose key
// strings are equal but distinct objects (no subject gets a string it has seen as the same object).
const requests = Array.from({ length: 1000 }, () => ({
  url: request.url,
  headers: { apikey: [...apiKey].join(''), referer: request.headers.referer },
}));
let turn = 0;
export const nextRequest = () => requests[turn++ % requests.length];
const common = { keys: [publicKey], subscriptions, apis: [API], restrictions: createRestrictions() };
export const uncached = createValidator(common);
export const cached = createValidator({ ...common, cache: createValidationCache({ maxEntries: 10_000 }) });
export const RESOURCES = [
  { path: '/menu', methods: ['GET'] },
  { path: '/order', methods: ['POST'] },
  { path: '/order/{orderId}', methods: ['GET', 'PUT', 'DELETE'] },
];
// On a copy of the built package: its own code, as one gateway process runs one validator (sharing the
// code with `cached` would make both pay for each other's shapes and read as a cost of the data model).
const copy = mkdtempSync(join(tmpdir(), 'keygate-bench-'));
cpSync(new URL('../dist/', import.meta.url), copy, { recursive: true });
const own = async (entry) => import(pathToFileURL(join(copy, `${entry}.js`)).href);
const [modelCore, modelGateway, modelRestrict] = await Promise.all([own('index'), own('gateway'), own('restrict')]);
export const cachedModel = modelCore.createValidator({
  keys: [publicKey],
  subscriptions: modelCore.createMemorySubscriptionStore([{ applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' }]),
  apis: [{ ...API, resources: RESOURCES }],
  restrictions: modelRestrict.createRestrictions(),
  resources: modelGateway.createResourceMatcher(),
  applications: modelGateway.createMemoryApplicationStore([{ uuid: APP, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' }]),
  cache: modelGateway.createValidationCache({ maxEntries: 10_000 }),
});

for (const v of [uncached, cached, cachedModel]) {
  for (const req of [request, ...requests.slice(0, 3)]) {
    const r = await v.validate(req, context);
    if (!r.ok) throw new Error(`fixture key refused: ${r.reason} ${r.description}`);
  }
}
