import { KeygateError } from '../errors.js';
import { checkAuthScheme, checkKeyHeader } from './credentials.js';
import type { ApiDefinition } from './types.js';

interface CompiledApi {
  readonly api: ApiDefinition;
  /** Normalised base path without a trailing slash, e.g. `/pizzashack/1.0.0`. */
  readonly basePath: string;
}

export interface ApiMatcher {
  /** The API whose base path is the longest prefix of `path` at a segment boundary. */
  byPath(path: string): ApiDefinition | undefined;
  /** The API with this name or context (the `context.api` override). */
  byName(nameOrContext: string): ApiDefinition | undefined;
}

const trimSlash = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** The path prefix that selects an API (see ApiDefinition.basePath). */
export function apiBasePath(api: ApiDefinition): string {
  if (api.basePath !== undefined) return trimSlash(api.basePath);
  const context = trimSlash(api.context);
  if (context.includes('{version}')) return context.replace('{version}', api.version);
  return context.endsWith(`/${api.version}`) ? context : `${context}/${api.version}`;
}

function checkApi(api: ApiDefinition, i: number): void {
  for (const f of ['name', 'context', 'version'] as const) {
    if (typeof api?.[f] !== 'string' || api[f].length === 0) {
      throw new KeygateError('ERR_INVALID_OPTION', `apis[${i}].${f} must be a non-empty string`);
    }
  }
  if (!api.context.startsWith('/')) throw new KeygateError('ERR_INVALID_OPTION', `apis[${i}].context must start with "/"`);
  if (api.basePath !== undefined && (typeof api.basePath !== 'string' || !api.basePath.startsWith('/'))) {
    throw new KeygateError('ERR_INVALID_OPTION', `apis[${i}].basePath must start with "/"`);
  }
  if (api.header !== undefined) checkKeyHeader(api.header, `apis[${i}].header`);
  if (api.authScheme !== undefined) checkAuthScheme(api.authScheme, `apis[${i}].authScheme`);
}

/** Validates the API list once and sorts it longest base path first. */
export function compileApis(apis: readonly ApiDefinition[]): ApiMatcher {
  if (!Array.isArray(apis) || apis.length === 0) {
    throw new KeygateError('ERR_INVALID_OPTION', 'apis must list at least one API ({ name, context, version })');
  }
  const compiled: CompiledApi[] = apis.map((api: ApiDefinition, i) => {
    checkApi(api, i);
    return { api, basePath: apiBasePath(api) };
  });
  const seen = new Set<string>();
  for (const { basePath } of compiled) {
    if (seen.has(basePath)) throw new KeygateError('ERR_INVALID_OPTION', `two APIs share the base path ${basePath}`);
    seen.add(basePath);
  }
  compiled.sort((a, b) => b.basePath.length - a.basePath.length);
  return {
    byPath(path) {
      for (const { api, basePath } of compiled) {
        if (basePath === '/') return api;
        if (path.startsWith(basePath) && (path.length === basePath.length || path.charCodeAt(basePath.length) === 47)) {
          return api;
        }
      }
      return undefined;
    },
    byName(nameOrContext) {
      return compiled.find(({ api }) => api.name === nameOrContext || api.context === nameOrContext)?.api;
    },
  };
}
