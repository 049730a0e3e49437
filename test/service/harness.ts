/** A key service on in-memory stores, the validator of a gateway on the same stores, and a client per subscriber. */
import { createMemoryRevocationStore, createMemorySubscriptionStore, createValidator, type ApiDefinition, type ValidationResult } from '../../src/index.js';
import { createMemoryApplicationStore } from '../../src/gateway/index.js';
import { createRestrictions } from '../../src/restrict/index.js';
import { createKeyService, createMemoryKeyInventory, type KeyServiceOptions } from '../../src/service/index.js';
import { sharedKeyPair } from '../helpers/fixtures.js';

export const BASE = 'https://portal.example.com/api/am/devportal/v3';
export const PIZZA: ApiDefinition = { name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' };
export const APIS: readonly ApiDefinition[] = [
  PIZZA,
  { name: 'OldAPI', context: '/old', version: 'v1', status: 'DEPRECATED' },
  { name: 'DraftAPI', context: '/draft', version: 'v1', status: 'CREATED' },
];
/** Seeded: kanchana's DefaultApplication (subscribed to PizzaShackAPI), guest's GuestApplication. */
export const DEFAULT_APP = { uuid: '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547', id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' };
export const GUEST_APP = { uuid: '0c8ad1c2-7f0e-4a3b-9d51-6e2f3b4a5c6d', name: 'GuestApplication', owner: 'guest', tier: '10PerMin' };

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The JSON body (undefined for an empty one). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Client = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

export async function setUpService(overrides: Partial<KeyServiceOptions> = {}) {
  const { privateKey, publicKey } = await sharedKeyPair();
  const applications = createMemoryApplicationStore([DEFAULT_APP, GUEST_APP]);
  const subscriptions = createMemorySubscriptionStore([
    { applicationUuid: DEFAULT_APP.uuid, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Gold' },
    { applicationUuid: GUEST_APP.uuid, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Bronze' },
  ]);
  const revocations = createMemoryRevocationStore();
  const inventory = createMemoryKeyInventory();
  const errors: unknown[] = [];
  const service = createKeyService({
    signingKey: privateKey,
    // Tests sign in with `authorization: Bearer <subscriber>`.
    authenticate: (request) => {
      const user = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      return user === undefined ? undefined : { subscriber: user };
    },
    applications,
    subscriptions,
    revocations,
    inventory,
    apis: APIS,
    onError: (error) => errors.push(error),
    ...overrides,
  });
  const validator = createValidator({ keys: [publicKey], applications, subscriptions, revocations, apis: [PIZZA], restrictions: createRestrictions() });

  const clientOf = (subscriber: string | undefined): Client => async (method, path, body, headers = {}) => {
    const init: RequestInit = {
      method,
      headers: {
        ...(subscriber === undefined ? {} : { authorization: `Bearer ${subscriber}` }),
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body) }),
    };
    const response = await service(new Request(`${BASE}${path}`, init));
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
  };
  /** A call to PizzaShack's menu at the gateway with this key (and request headers, e.g. referer). */
  const callGateway = (apikey: string, headers: Record<string, string> = {}, clientIp = '127.0.0.1'): Promise<ValidationResult> =>
    validator.validate({ url: 'https://gw.example.com/pizzashack/1.0.0/menu', method: 'GET', headers: { apikey, ...headers } }, { clientIp });

  return {
    service, validator, applications, subscriptions, revocations, inventory, errors, callGateway,
    kanchana: clientOf('kanchana'),
    guest: clientOf('guest'),
    anonymous: clientOf(undefined),
    clientOf,
    publicKey,
  };
}

export type ServiceSetup = Awaited<ReturnType<typeof setUpService>>;
