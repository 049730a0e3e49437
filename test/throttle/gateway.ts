/** A PizzaShack gateway with every throttling level in reach, on a clock the test moves. */
import type { AnyValidationSuccess, ApiDefinition, ApiResource, ValidationResult } from '../../src/index.js';
import { createMemoryApplicationStore, createResourceMatcher, createThrottle, type ThrottleOptions } from '../../src/gateway/index.js';
import { APP_UUID, PIZZA, pizzaGateway } from '../helpers/fixtures.js';

export const T0 = 1_800_000_000_000;
export const BASE = 'https://gw.example.com/pizzashack/1.0.0';

export interface LevelsSetup {
  /** The API's own settings: `tier` (API-level policy) and `maxTps` (hard limit). */
  readonly api?: Pick<ApiDefinition, 'tier' | 'maxTps' | 'keyTypes'>;
  /** The tier of `/order/{orderId}` (`/menu` needs no key and has none; `/admin/*` has `Admin`). */
  readonly resourceTier?: string;
  readonly subscriptionTier?: string;
  readonly applicationTier?: string;
  readonly throttle?: ThrottleOptions;
}

export async function levelsGateway(setup: LevelsSetup = {}) {
  const clock = { now: T0 };
  const resources: ApiResource[] = [
    { path: '/menu', methods: ['GET'], auth: 'none' },
    { path: '/order/{orderId}', methods: ['GET', 'PUT'], ...(setup.resourceTier === undefined ? {} : { tier: setup.resourceTier }) },
    { path: '/specials', methods: ['GET'] },
  ];
  const applications = createMemoryApplicationStore([
    { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: setup.applicationTier ?? 'Unlimited' },
  ]);
  const gw = await pizzaGateway({
    now: () => clock.now,
    apis: [{ ...PIZZA, ...setup.api, resources }],
    resources: createResourceMatcher(),
    applications,
    throttle: createThrottle(setup.throttle),
  });
  gw.subscriptions.update({ applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: setup.subscriptionTier ?? 'Unlimited' });
  const keys = new Map<string, string>();
  /** A lightweight key of the application for end user `user` (one per user, issued once). */
  const keyOf = async (user = 'ana'): Promise<string> => {
    let key = keys.get(user);
    if (key === undefined) {
      key = await gw.issue({ application: { uuid: APP_UUID, id: 35 }, subject: user });
      keys.set(user, key);
    }
    return key;
  };
  const call = async (path = '/order/1', init: { user?: string; clientIp?: string } = {}): Promise<ValidationResult<AnyValidationSuccess>> => {
    const headers = path === '/menu' ? {} : { apikey: await keyOf(init.user) };
    return gw.validator.validate({ url: `${BASE}${path}`, headers }, { clientIp: init.clientIp ?? '203.0.113.5' });
  };
  return { ...gw, clock, applications, call, keyOf };
}

/** A result as `[status, code, reason]`, or `ok`. */
export const outcome = (r: ValidationResult<AnyValidationSuccess>) => (r.ok ? 'ok' : [r.status, r.code, r.reason]);

/** Calls `n` times, returning the outcomes. */
export async function callTimes(n: number, call: () => Promise<ValidationResult<AnyValidationSuccess>>) {
  const outcomes: Array<ReturnType<typeof outcome>> = [];
  for (let i = 0; i < n; i++) outcomes.push(outcome(await call()));
  return outcomes;
}
