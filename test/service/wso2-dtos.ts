/**
 * WSO2's Developer Portal DTOs, transcribed from carbon-apimgt's devportal-api.yaml (components/
 * schemas): every property with its JSON type, and the required ones. `shapeProblems` lists what
 * in an answer is not WSO2's: a field WSO2 does not have, a value of another type, a required field
 * missing.
 */
type JsonType = 'string' | 'integer' | 'boolean' | 'array' | 'object';
interface Schema {
  readonly properties: Readonly<Record<string, JsonType | Schema>>;
  readonly required?: readonly string[];
  /** The schema of the entries of array properties. */
  readonly items?: Readonly<Record<string, Schema>>;
}

const PAGINATION: Schema = { properties: { offset: 'integer', limit: 'integer', total: 'integer', next: 'string', previous: 'string' } };

export const API_INFO: Schema = {
  properties: {
    id: 'string', name: 'string', description: 'string', context: 'string', version: 'string', type: 'string', createdTime: 'string',
    provider: 'string', lifeCycleStatus: 'string', thumbnailUri: 'string', avgRating: 'string', throttlingPolicies: 'array',
    advertiseInfo: 'object', businessInformation: 'object', isSubscriptionAvailable: 'boolean', monetizationLabel: 'string',
  },
};
export const APPLICATION_INFO: Schema = {
  properties: {
    applicationId: 'string', name: 'string', throttlingPolicy: 'string', description: 'string', status: 'string', groups: 'array',
    subscriptionCount: 'integer', attributes: 'object', owner: 'string',
  },
};
export const APPLICATION: Schema = {
  required: ['name', 'throttlingPolicy'],
  properties: {
    applicationId: 'string', name: 'string', throttlingPolicy: 'string', description: 'string', tokenType: 'string', status: 'string',
    groups: 'array', subscriptionCount: 'integer', keys: 'array', attributes: 'object', subscriptionScopes: 'array', owner: 'string',
    hashEnabled: 'boolean',
  },
};
export const SUBSCRIPTION: Schema = {
  required: ['applicationId', 'throttlingPolicy'],
  properties: {
    subscriptionId: 'string', applicationId: 'string', apiId: 'string', apiInfo: API_INFO, applicationInfo: APPLICATION_INFO,
    throttlingPolicy: 'string', requestedThrottlingPolicy: 'string', status: 'string', redirectionParams: 'string',
  },
};
export const THROTTLING_POLICY: Schema = {
  required: ['name', 'requestCount', 'stopOnQuotaReach', 'tierPlan', 'unitTime'],
  properties: {
    name: 'string', description: 'string', policyLevel: 'string', attributes: 'object', requestCount: 'integer', dataUnit: 'string',
    unitTime: 'integer', timeUnit: 'string', rateLimitCount: 'integer', rateLimitTimeUnit: 'string', quotaPolicyType: 'string',
    tierPlan: 'string', stopOnQuotaReach: 'boolean', monetizationAttributes: 'object', throttlingPolicyPermissions: 'object',
  },
};
/** v3 adds keyName to v2's { apikey, validityTime }. */
export const API_KEY: Schema = { properties: { keyName: 'string', apikey: 'string', validityTime: 'integer' } };
const ERROR_LIST_ITEM: Schema = { required: ['code', 'message'], properties: { code: 'string', message: 'string' } };
export const ERROR: Schema = {
  required: ['code', 'message'],
  properties: { code: 'integer', message: 'string', description: 'string', moreInfo: 'string', error: 'array' },
  items: { error: ERROR_LIST_ITEM },
};

/** A WSO2 list of `item`: `{ count, list, pagination }` (pagination optional, as in ApplicationKeyList). */
export const listOf = (item: Schema): Schema => ({
  required: ['count', 'list'],
  properties: { count: 'integer', list: 'array', pagination: PAGINATION },
  items: { list: item },
});

const typeOf = (value: unknown): string =>
  Array.isArray(value) ? 'array' : Number.isSafeInteger(value) ? 'integer' : value === null ? 'null' : typeof value;

export function shapeProblems(value: unknown, schema: Schema, at = '$'): string[] {
  if (typeOf(value) !== 'object') return [`${at} is ${typeOf(value)}, not an object`];
  const record = value as Record<string, unknown>;
  const problems = (schema.required ?? []).filter((f) => !(f in record)).map((f) => `${at}.${f} is required`);
  for (const [field, v] of Object.entries(record)) {
    const expected = schema.properties[field];
    if (expected === undefined) problems.push(`${at}.${field} is not a field of WSO2's DTO`);
    else if (typeof expected === 'string') {
      const actual = typeOf(v);
      if (actual !== expected) problems.push(`${at}.${field} is ${actual}, not ${expected}`);
    } else problems.push(...shapeProblems(v, expected, `${at}.${field}`));
  }
  for (const [field, item] of Object.entries(schema.items ?? {})) {
    const list = record[field];
    if (Array.isArray(list)) list.forEach((entry, i) => problems.push(...shapeProblems(entry, item, `${at}.${field}[${i}]`)));
  }
  return problems;
}
