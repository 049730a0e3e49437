// The data model's cost on the cached path, paired: the plain cached validator and one with an
// application store and resources, each on its own copy of the built package (as one gateway process
// runs one validator), take turns in interleaved rounds of sequential calls; the verdict is the median
// of the per-round ratios, which the machine's drift moves far less than a single p50.
// Run after `npm run build`: `node bench/data-model.bench.mjs` (BENCH_ROUNDS, BENCH_ITERATIONS).
import { cpSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP, API, RESOURCES, apiKey, publicKey } from './fixture.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);

async function ownCopy() {
  const copy = mkdtempSync(join(tmpdir(), 'keygate-bench-'));
  cpSync(new URL('../dist/', import.meta.url), copy, { recursive: true });
  const load = (entry) => import(pathToFileURL(join(copy, `${entry}.js`)).href);
  const [core, gateway, restrict] = await Promise.all([load('index'), load('gateway'), load('restrict')]);
  return { core, gateway, restrict };
}

async function validatorOn(model) {
  const { core, gateway, restrict } = await ownCopy();
  const options = {
    keys: [publicKey],
    subscriptions: core.createMemorySubscriptionStore([{ applicationUuid: APP, apiContext: API.context, apiVersion: API.version, tier: 'Unlimited' }]),
    apis: [model ? { ...API, resources: RESOURCES } : API],
    restrictions: restrict.createRestrictions(),
    cache: gateway.createValidationCache({ maxEntries: 10_000 }),
  };
  if (model) {
    options.resources = gateway.createResourceMatcher();
    options.applications = gateway.createMemoryApplicationStore([{ uuid: APP, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' }]);
  }
  return core.createValidator(options);
}

// Distinct but equal key strings per request, as a server hands them over (see fixture.mjs).
const requests = Array.from({ length: 1000 }, () => ({
  url: `https://gw.local${API.context}/${API.version}/menu`,
  headers: { apikey: [...apiKey].join(''), referer: 'https://app.example.com/orders' },
}));
const context = { clientIp: '10.1.2.3' };
const subjects = { 'cache on': await validatorOn(false), 'cache on, applications + resources': await validatorOn(true) };
for (const validator of Object.values(subjects)) {
  const result = await validator.validate(requests[0], context);
  if (!result.ok) throw new Error(`fixture key refused: ${result.reason}`);
}

const times = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
let accepted = 0;
for (let round = 0; round < ROUNDS; round++) {
  const order = Object.keys(subjects);
  if (round % 2 === 1) order.reverse();
  for (const name of order) {
    const validator = subjects[name];
    const start = performance.now();
    for (let i = 0; i < ITERATIONS; i++) if ((await validator.validate(requests[i % requests.length], context)).ok) accepted++;
    times[name].push(((performance.now() - start) * 1000) / ITERATIONS);
  }
}
if (accepted !== ROUNDS * ITERATIONS * 2) throw new Error('a call was refused');

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const [plain, model] = Object.keys(subjects);
const ratios = times[model].map((t, i) => t / times[plain][i]);
const ratio = median(ratios);
console.log(`\nData model on the cached path: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; ${ROUNDS} interleaved rounds of ${ITERATIONS} sequential calls, medians`);
for (const name of Object.keys(subjects)) console.log(`  ${name.padEnd(36)} ${median(times[name]).toFixed(3)} µs per call`);
console.log(`  ratio (median of per-round ratios): ${ratio.toFixed(3)}×, rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`);
console.log(`${ratio <= 1.15 ? 'MET   ' : 'MISSED'} cache on with applications + resources within 15 % of cache on (paired rounds)`);
