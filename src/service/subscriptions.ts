import type { Application } from '../applications/types.js';
import type { Subscription } from '../stores/types.js';
import { readJsonBody } from './body.js';
import { subscriptionDto } from './dto.js';
import { invalidField, oneOf, onlyFields, pageOf, requiredString } from './fields.js';
import { done, json, notFound, page, problem } from './http.js';
import { decodeId, subscriptionIdOf } from './ids.js';
import type { ServiceApi } from './options.js';
import { ownedApplication, type Call, type Route } from './router.js';

const FIELDS = ['applicationId', 'apiId', 'throttlingPolicy'];
/** Read-only, or the subscriber's to request but not to set (status is the admin's). */
const IGNORED = ['subscriptionId', 'apiInfo', 'applicationInfo', 'requestedThrottlingPolicy', 'status', 'redirectionParams'];

const apiOf = (call: Call, s: Subscription): ServiceApi | undefined =>
  call.config.apis.find((api) => api.definition.context === s.apiContext && api.definition.version === s.apiVersion);

const dto = (call: Call, s: Subscription): Record<string, unknown> => subscriptionDto(s, apiOf(call, s), call.config.subscriptionTiers);

async function list(call: Call): Promise<Response> {
  const { offset, limit } = pageOf(call.query);
  const applicationId = call.query.get('applicationId');
  const apiId = call.query.get('apiId');
  if (applicationId === null && apiId === null) invalidField('applicationId', 'is required (or apiId)');
  let apps: readonly Application[];
  if (applicationId === null) {
    apps = await call.config.applications.listByOwner(call.user.subscriber);
  } else {
    const app = await ownedApplication(call, applicationId);
    if (app === undefined) return notFound('application', applicationId);
    apps = [app];
  }
  const all = (await Promise.all(apps.map((app) => call.config.subscriptions.list(app.uuid)))).flat();
  const shown = all.map((s) => dto(call, s)).filter((s) => apiId === null || s.apiId === apiId);
  return json(200, page(shown, offset, limit, `${call.config.basePath}/subscriptions`, call.query));
}

async function create(call: Call): Promise<Response> {
  const body = await readJsonBody(call.request);
  if (body instanceof Response) return body;
  onlyFields(body, FIELDS, IGNORED);
  const applicationId = requiredString(body, 'applicationId', 1024);
  const apiId = requiredString(body, 'apiId', 4096);
  const tier = oneOf(requiredString(body, 'throttlingPolicy', 128), [...call.config.subscriptionTiers.keys()], 'throttlingPolicy');
  const app = await ownedApplication(call, applicationId);
  if (app === undefined) return notFound('application', applicationId);
  const api = call.config.apis.find((a) => a.id === apiId);
  if (api === undefined) return notFound('API', apiId);
  if ((api.definition.status ?? 'PUBLISHED') !== 'PUBLISHED') invalidField('apiId', `the API is ${api.definition.status}: only PUBLISHED APIs take new subscriptions`);
  const s: Subscription = { applicationUuid: app.uuid, apiContext: api.definition.context, apiVersion: api.definition.version, tier, status: 'UNBLOCKED' };
  const { subscriptions } = call.config;
  if ((await subscriptions.find(s.applicationUuid, s.apiContext, s.apiVersion)) !== undefined) {
    return problem(409, `the application is already subscribed to ${api.definition.name} ${api.definition.version}`);
  }
  await subscriptions.add(s);
  return json(201, dto(call, s), { location: `${call.config.basePath}/subscriptions/${subscriptionIdOf(s)}` });
}

/** The caller's subscription named by the path, or undefined (404) for another's or none. */
async function owned(call: Call): Promise<Subscription | undefined> {
  const parts = decodeId(call.params.subscriptionId!, 3);
  if (parts === undefined) return undefined;
  const [uuid, context, version] = parts as [string, string, string];
  if ((await ownedApplication(call, uuid)) === undefined) return undefined;
  return call.config.subscriptions.find(uuid, context, version);
}

async function get(call: Call): Promise<Response> {
  const s = await owned(call);
  return s === undefined ? notFound('subscription', call.params.subscriptionId!) : json(200, dto(call, s));
}

/** What a subscriber may delete: an active subscription. */
const REMOVABLE = new Set(['UNBLOCKED', 'TIER_UPDATE_PENDING']);

async function remove(call: Call): Promise<Response> {
  const s = await owned(call);
  if (s === undefined) return notFound('subscription', call.params.subscriptionId!);
  // A blocked, held or rejected subscription stays: deleted, it would come back UNBLOCKED with the next subscribe.
  const status = s.status ?? 'UNBLOCKED';
  if (!REMOVABLE.has(status)) return problem(409, `the subscription is ${status}: only an administrator can remove it`);
  await call.config.subscriptions.remove(s.applicationUuid, s.apiContext, s.apiVersion);
  return done();
}

export const SUBSCRIPTION_ROUTES: readonly Route[] = [
  { method: 'GET', path: '/subscriptions', handler: list },
  { method: 'POST', path: '/subscriptions', handler: create },
  { method: 'GET', path: '/subscriptions/{subscriptionId}', handler: get },
  { method: 'DELETE', path: '/subscriptions/{subscriptionId}', handler: remove },
];
