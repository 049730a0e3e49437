import type { KeyType } from '../claims/types.js';
import type { CorsPolicy } from '../cors/types.js';
import { KeygateError } from '../errors.js';
import { checkAuthScheme, checkKeyHeader } from '../validate/credentials.js';
import { trimSlash, versionedContext } from './context.js';
import type { ApiDefinition, ValidatorOptions } from '../validate/types.js';

/** An API as the validator uses it, worked out once. */
export interface CompiledApi {
  readonly api: ApiDefinition;
  /** Normalised base path without a trailing slash, e.g. `/pizzashack/1.0.0`. */
  readonly basePath: string;
  /** Where the base path ends in a request path it selected (0 for `/`). */
  readonly from: number;
  /** `/pizzashack/1.0.0`: the context as WSO2 writes it in full keys' `subscribedAPIs`. */
  readonly versionedContext: string;
  /** The header this API reads keys from. */
  readonly keyHeader: string;
  /** A `BLOCKED` API (answered 503). APIs that are not deployed (`CREATED`, `PROTOTYPED`, `RETIRED`) match no request. */
  readonly blocked: boolean;
  /** CORS for this API, when on. */
  readonly cors: CorsPolicy | undefined;
}

export interface ApiMatcher {
  /** The API whose base path is the longest prefix of `path` at a segment boundary. */
  byPath(path: string): CompiledApi | undefined;
  /** The API with this name or context (the `context.api` override). */
  byName(nameOrContext: string): CompiledApi | undefined;
  /** The APIs that have `resources`. */
  readonly withResources: readonly ApiDefinition[];
}

/** The validator options that serve APIs: the plugins for `cors`, `resources` and the API-level limits (`throttle`). */
export type ApiPlugins = Pick<ValidatorOptions, 'cors' | 'resources' | 'throttle'>;


/** The path prefix that selects an API (see ApiDefinition.basePath). */
export function apiBasePath(api: ApiDefinition): string {
  return api.basePath !== undefined ? trimSlash(api.basePath) : versionedContext(api.context, api.version);
}

const NOT_DEPLOYED = ['CREATED', 'PROTOTYPED', 'RETIRED'];
const STATUSES = [...NOT_DEPLOYED, 'PUBLISHED', 'BLOCKED', 'DEPRECATED'];
const KEY_TYPES: readonly KeyType[] = ['PRODUCTION', 'SANDBOX'];

function checkApi(api: ApiDefinition, at: string, plugins: ApiPlugins): void {
  const invalid = (message: string): never => {
    throw new KeygateError('ERR_INVALID_OPTION', `${at}.${message}`);
  };
  for (const f of ['name', 'context', 'version'] as const) {
    if (typeof api?.[f] !== 'string' || api[f].length === 0) invalid(`${f} must be a non-empty string`);
  }
  if (!api.context.startsWith('/')) invalid('context must start with "/"');
  if (api.basePath !== undefined && (typeof api.basePath !== 'string' || !api.basePath.startsWith('/'))) invalid('basePath must start with "/"');
  if (api.header !== undefined) checkKeyHeader(api.header, `${at}.header`);
  if (api.authScheme !== undefined) checkAuthScheme(api.authScheme, `${at}.authScheme`);
  if (api.status !== undefined && !STATUSES.includes(api.status)) invalid(`status must be one of ${STATUSES}`);
  const { keyTypes } = api;
  if (keyTypes !== undefined && (!Array.isArray(keyTypes) || keyTypes.length === 0 || keyTypes.some((t) => !KEY_TYPES.includes(t)))) {
    invalid('keyTypes must list PRODUCTION, SANDBOX or both');
  }
  // The plugins check these (each API's own) when they are built into the validator; without one, a
  // limit or policy written for an API would silently not apply.
  for (const [field, option, factory] of [['resources', 'resources', 'createResourceMatcher()'], ['cors', 'cors', 'createCors()'], ['tier', 'throttle', 'createThrottle()'], ['maxTps', 'throttle', 'createThrottle()']] as const) {
    if (api[field] && !plugins[option]) invalid(`${field} needs the validator option ${option}: ${factory} from keygate/gateway`);
  }
}

/** Validates the API list once (`header`: the validator's key header) and sorts it longest base path first. */
export function compileApis(apis: readonly ApiDefinition[], header: string, plugins: ApiPlugins = {}): ApiMatcher {
  if (!Array.isArray(apis) || apis.length === 0) {
    throw new KeygateError('ERR_INVALID_OPTION', 'apis must list at least one API');
  }
  const seen = new Set<string>();
  const compiled: CompiledApi[] = apis.map((api: ApiDefinition, i) => {
    checkApi(api, `apis[${i}]`, plugins);
    const basePath = apiBasePath(api);
    if (seen.has(basePath)) throw new KeygateError('ERR_INVALID_OPTION', `two APIs share the base path ${basePath}`);
    seen.add(basePath);
    const keyHeader = api.header ?? header;
    return {
      api,
      basePath,
      from: basePath === '/' ? 0 : basePath.length,
      versionedContext: versionedContext(api.context, api.version),
      keyHeader,
      blocked: api.status === 'BLOCKED',
      cors: plugins.cors?.createPolicy(api, keyHeader),
    };
  });
  // Not deployed: such an API is known to no request (404, as WSO2 answers for an undeployed API).
  const deployed = compiled.filter(({ api: { status } }) => status === undefined || !NOT_DEPLOYED.includes(status));
  deployed.sort((a, b) => b.basePath.length - a.basePath.length);
  return {
    byPath(path) {
      for (const entry of deployed) {
        const { basePath } = entry;
        if (basePath === '/') return entry;
        if (path.startsWith(basePath) && (path.length === basePath.length || path.charCodeAt(basePath.length) === 47)) {
          return entry;
        }
      }
      return undefined;
    },
    byName(nameOrContext) {
      return deployed.find(({ api }) => api.name === nameOrContext || api.context === nameOrContext);
    },
    withResources: apis.filter((api) => api.resources !== undefined),
  };
}
