import type { Application } from '../applications/types.js';
import { quoteInput } from '../encoding/quote.js';
import { revokeIssued } from './key-lookup.js';
import { readJsonBody } from './body.js';
import { applicationDto, applicationInfo } from './dto.js';
import { invalidField, oneOf, onlyFields, optionalString, optionalStringMap, pageOf, requiredString, type Fields } from './fields.js';
import { done, json, page, problem } from './http.js';
import { onApplication, type Call, type Route } from './router.js';

/** WSO2's limits (devportal-api.yaml), and a ceiling per subscriber so no one fills the stores. */
const MAX_NAME = 70;
const MAX_DESCRIPTION = 512;
const MAX_ATTRIBUTES = 50;
export const MAX_APPLICATIONS_PER_SUBSCRIBER = 500;

const FIELDS = ['name', 'throttlingPolicy', 'description', 'tokenType', 'groups', 'attributes'];
/** Read-only in WSO2's Application: clients send them back in a PUT; they are ignored. */
const READ_ONLY = ['applicationId', 'status', 'subscriptionCount', 'keys', 'subscriptionScopes', 'owner', 'hashEnabled'];

type ApplicationInput = Pick<Application, 'name' | 'tier' | 'description' | 'attributes'>;

function readApplication(body: Fields, call: Call): ApplicationInput {
  onlyFields(body, FIELDS, READ_ONLY);
  const name = requiredString(body, 'name', MAX_NAME);
  const tier = oneOf(requiredString(body, 'throttlingPolicy', 128), [...call.config.applicationTiers.keys()], 'throttlingPolicy');
  const description = optionalString(body, 'description', MAX_DESCRIPTION);
  const tokenType = optionalString(body, 'tokenType', 10);
  if (tokenType !== undefined && tokenType !== 'JWT') invalidField('tokenType', 'keygate issues JWT keys only: JWT');
  const { groups } = body;
  if (groups !== undefined && groups !== null && !(Array.isArray(groups) && groups.length === 0)) {
    invalidField('groups', 'application sharing is not supported: send [] or leave it out');
  }
  const attributes = optionalStringMap(body, 'attributes', MAX_ATTRIBUTES, 1024);
  return { name, tier, ...(description === undefined ? {} : { description }), ...(attributes === undefined ? {} : { attributes }) };
}

const countOf = async (call: Call, app: Application): Promise<number> => (await call.config.subscriptions.list(app.uuid)).length;

/** WSO2 keeps application names unique per subscriber (409). */
async function nameTaken(call: Call, name: string, except?: string): Promise<Response | undefined> {
  const mine = await call.config.applications.listByOwner(call.user.subscriber);
  if (mine.some((app) => app.name.toLowerCase() === name.toLowerCase() && app.uuid !== except)) {
    return problem(409, `an application named ${quoteInput(name)} already exists`);
  }
  if (except === undefined && mine.length >= MAX_APPLICATIONS_PER_SUBSCRIBER) {
    return problem(409, `a subscriber may own at most ${MAX_APPLICATIONS_PER_SUBSCRIBER} applications`);
  }
  return undefined;
}

async function list(call: Call): Promise<Response> {
  const { offset, limit } = pageOf(call.query);
  const mine = [...(await call.config.applications.listByOwner(call.user.subscriber))].sort((a, b) => a.name.localeCompare(b.name));
  const shown = mine.slice(offset, offset + limit);
  const counts = await Promise.all(shown.map((app) => countOf(call, app)));
  const body = page(mine, offset, limit, `${call.config.basePath}/applications`, call.query);
  return json(200, { ...body, list: shown.map((app, i) => applicationInfo(app, counts[i]!)) });
}

async function create(call: Call): Promise<Response> {
  const body = await readJsonBody(call.request);
  if (body instanceof Response) return body;
  const input = readApplication(body, call);
  const taken = await nameTaken(call, input.name);
  if (taken !== undefined) return taken;
  const app: Application = { uuid: globalThis.crypto.randomUUID(), ...input, owner: call.user.subscriber, status: 'APPROVED' };
  await call.config.applications.add(app);
  return json(201, applicationDto(app, 0), { location: `${call.config.basePath}/applications/${app.uuid}` });
}

async function get(call: Call, app: Application): Promise<Response> {
  return json(200, applicationDto(app, await countOf(call, app)));
}

async function update(call: Call, app: Application): Promise<Response> {
  const body = await readJsonBody(call.request);
  if (body instanceof Response) return body;
  const input = readApplication(body, call);
  const taken = await nameTaken(call, input.name, app.uuid);
  if (taken !== undefined) return taken;
  const { description: _, attributes: __, ...kept } = app;
  const updated: Application = { ...kept, ...input };
  await call.config.applications.update(updated);
  return json(200, applicationDto(updated, await countOf(call, updated)));
}

/**
 * Deletes an application and what hangs on it: its keys are revoked first (they stop at every
 * gateway, with or without an application store), then its subscriptions go, then itself.
 */
async function remove(call: Call, app: Application): Promise<Response> {
  const { inventory, subscriptions, applications } = call.config;
  for (const key of await inventory.list(app.uuid)) await revokeIssued(call.config, key);
  for (const s of await subscriptions.list(app.uuid)) await subscriptions.remove(s.applicationUuid, s.apiContext, s.apiVersion);
  await applications.remove(app.uuid);
  return done();
}

export const APPLICATION_ROUTES: readonly Route[] = [
  { method: 'GET', path: '/applications', handler: list },
  { method: 'POST', path: '/applications', handler: create },
  { method: 'GET', path: '/applications/{applicationId}', handler: onApplication(get) },
  { method: 'PUT', path: '/applications/{applicationId}', handler: onApplication(update) },
  { method: 'DELETE', path: '/applications/{applicationId}', handler: onApplication(remove) },
];
