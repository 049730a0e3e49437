import { apiInfo, throttlingPolicyDto } from './dto.js';
import { oneOf, pageOf } from './fields.js';
import { json, notFound, page } from './http.js';
import type { Call, Route } from './router.js';

/** What the portal shows: APIs that are deployed (not CREATED nor RETIRED); only PUBLISHED ones take subscriptions. */
const visible = (call: Call) => call.config.apis.filter((api) => !['CREATED', 'RETIRED'].includes(api.definition.status ?? 'PUBLISHED'));

async function list(call: Call): Promise<Response> {
  const { offset, limit } = pageOf(call.query);
  const all = visible(call).map((api) => apiInfo(api, call.config.subscriptionTiers));
  return json(200, page(all, offset, limit, `${call.config.basePath}/apis`, call.query));
}

async function get(call: Call): Promise<Response> {
  const api = visible(call).find((a) => a.id === call.params.apiId);
  return api === undefined ? notFound('API', call.params.apiId!) : json(200, apiInfo(api, call.config.subscriptionTiers));
}

async function policies(call: Call): Promise<Response> {
  const level = oneOf(call.params.policyLevel!, ['subscription', 'application'] as const, 'policyLevel');
  const tiers = level === 'subscription' ? call.config.subscriptionTiers : call.config.applicationTiers;
  const all = [...tiers].map(([name, tier]) => throttlingPolicyDto(name, tier, level));
  const { offset, limit } = pageOf(call.query);
  return json(200, page(all, offset, limit, `${call.config.basePath}/throttling-policies/${level}`, call.query));
}

export const API_ROUTES: readonly Route[] = [
  { method: 'GET', path: '/apis', handler: list },
  { method: 'GET', path: '/apis/{apiId}', handler: get },
  { method: 'GET', path: '/throttling-policies/{policyLevel}', handler: policies },
];
