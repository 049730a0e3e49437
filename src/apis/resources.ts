import { quoteInput } from '../encoding/quote.js';
import { KeygateError } from '../errors.js';
import { kind, NO_RESOURCE, refusal } from '../validate/failures.js';
import { isPromiseLike } from '../validate/maybe-promise.js';
import type { ResourceMatcher, ResourceRouter, RouterContext, ThrottleOutcome } from '../validate/plugins.js';
import type { ApiDefinition, RequestLike, UnauthenticatedSuccess, ValidateContext, ValidationFailure, ValidationResult } from '../validate/types.js';
import { apiBasePath } from './compile.js';
import type { ApiResource } from './types.js';
import { compareTemplates, compileUriTemplate, matchesTemplate, resourcePathEnd, type UriTemplate } from './uri-template.js';

const NOT_ALLOWED = kind(405, 900906, 'Method not allowed');

interface CompiledResource {
  readonly template: UriTemplate;
  /** Upper-case methods. */
  readonly methods: readonly string[];
  /** What results carry: a frozen copy with the methods upper-case. */
  readonly resource: ApiResource;
  /** The template in lower case, for a key-protected resource: see protectedTwin. */
  readonly lower: UriTemplate | undefined;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function compileResource(resource: ApiResource, at: string): CompiledResource {
  const invalid = (message: string): never => {
    throw new KeygateError('ERR_INVALID_OPTION', `${at}.${message}`);
  };
  if (typeof resource !== 'object' || resource === null) invalid('must be { path, methods, auth?, tier? }');
  const template = compileUriTemplate(resource.path);
  if (typeof template === 'string') return invalid(`path ${template}`);
  const { methods, auth, tier } = resource;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === 'string' && TOKEN.test(m))) {
    invalid('methods must list HTTP methods, e.g. ["GET", "POST"]');
  }
  if (auth !== undefined && auth !== 'apiKey' && auth !== 'none') invalid('auth must be "apiKey" or "none"');
  if (tier !== undefined && (typeof tier !== 'string' || tier.length === 0)) invalid('tier must be a non-empty string');
  const upper = [...new Set(methods.map((m) => m.toUpperCase()))];
  // Not frozen: results share it, typed readonly (a frozen object is slower to read on every call).
  const copy: ApiResource = { path: resource.path, methods: upper, ...(auth === undefined ? {} : { auth }), ...(tier === undefined ? {} : { tier }) };
  const lower = auth === 'none' ? undefined : compileUriTemplate(resource.path.toLowerCase());
  return { template, methods: upper, resource: copy, lower: typeof lower === 'string' ? undefined : lower };
}

/**
 * A key-protected resource serving `method` (or GET, for HEAD) that the path matches in any letter
 * case, when an open one (`auth: 'none'`) matched it: routers that ignore case (Express's default)
 * would serve that one, and every router runs a GET handler for HEAD, so the call needs a key.
 * `/items/ADMIN` is `/items/{id}` to keygate, `/items/admin` to them.
 */
function protectedTwin(resources: readonly CompiledResource[], path: string, from: number, end: number, method: string): ApiResource | undefined {
  const lower = path.toLowerCase();
  for (const { lower: template, methods, resource } of resources) {
    // Routers answer HEAD with the GET handler.
    const served = serves(methods, method) || (method === 'HEAD' && serves(methods, 'GET'));
    if (template !== undefined && served && matchesTemplate(template, lower, from, end)) return resource;
  }
  return undefined;
}

interface ApiResources {
  /** The API's base path (resources match below it), or '' for `/`. */
  readonly basePath: string;
  /** Most specific first. */
  readonly resources: readonly CompiledResource[];
}

/** An API's resources, most specific first; a (template, method) pair may appear once. */
function compileResources(api: ApiDefinition): ApiResources {
  const at = `apis[${JSON.stringify(api.name)}]`;
  const list: unknown = api.resources;
  if (!Array.isArray(list) || list.length === 0) throw new KeygateError('ERR_INVALID_OPTION', `${at}.resources must be a non-empty array of { path, methods, auth?, tier? }`);
  const compiled = (list as readonly ApiResource[]).map((r, i) => compileResource(r, `${at}.resources[${i}]`));
  const seen = new Set<string>();
  for (const { resource, methods } of compiled) {
    for (const method of methods) {
      const key = `${resource.path} ${method}`;
      if (seen.has(key)) throw new KeygateError('ERR_INVALID_OPTION', `${at}.resources list ${key} twice`);
      seen.add(key);
    }
  }
  const basePath = apiBasePath(api);
  // Stable: among templates of one rank, the order given.
  return { basePath: basePath === '/' ? '' : basePath, resources: compiled.sort((a, b) => compareTemplates(a.template, b.template)) };
}

/** `methods.includes(method)`, as a loop V8 inlines (the list is short). */
function serves(methods: readonly string[], method: string): boolean {
  for (let i = 0; i < methods.length; i++) if (methods[i] === method) return true;
  return false;
}

const unknownResource = (api: ApiDefinition) =>
  refusal(NO_RESOURCE, 'unknown_resource', `No resource of ${api.name} ${api.version} matches the request path`);

/**
 * A call to a resource with `auth: 'none'`: no key is read (the adapters strip one sent anyway),
 * counted by client address under the `Unauthenticated` tier when the validator throttles.
 */
function unauthenticated(
  api: ApiDefinition,
  resource: ApiResource,
  request: RequestLike,
  context: ValidateContext,
  router: RouterContext,
): ValidationResult<UnauthenticatedSuccess> | Promise<ValidationResult<UnauthenticatedSuccess>> {
  const clientIp = router.clientIp(context.clientIp, request.headers);
  const success: { -readonly [K in keyof UnauthenticatedSuccess]: UnauthenticatedSuccess[K] } = {
    ok: true,
    authenticated: false,
    api,
    resource,
    environment: api.keyTypes?.includes('PRODUCTION') === false ? 'SANDBOX' : 'PRODUCTION',
    credential: { header: api.header ?? router.header, authScheme: api.authScheme ?? router.authScheme, queryParam: router.queryParam },
  };
  if (clientIp !== undefined) success.clientIp = clientIp;
  if (router.backendJwtHeader !== undefined) success.backendJwtHeader = router.backendJwtHeader;
  if (router.throttle === undefined) return success;
  const outcome = router.throttle({ authenticated: false, api, resource, clientIp });
  const counted = (o: ThrottleOutcome | ValidationFailure) => ('ok' in o ? o : Object.assign(success, o));
  return isPromiseLike(outcome) ? outcome.then(counted) : counted(outcome);
}

/**
 * Resource matching, for validator option `resources`: a call to an API with `resources` must
 * match one by path (WSO2's URI templates; else 404, `unknown_resource`) and method (else 405,
 * `method_not_allowed`, with `allow` listing the methods of the resources whose template matched).
 * The most specific template that serves the method wins. A resource with `auth: 'none'` is
 * answered without a key (throttled per client address under `Unauthenticated` when the validator
 * throttles). Matching takes one pass over the path per template and builds no RegExp from a
 * template. Bad resources throw `ERR_INVALID_OPTION` from createValidator.
 */
export function createResourceMatcher(): ResourceMatcher {
  return {
    createRouter(apis, router) {
      const byApi = new Map<ApiDefinition, ApiResources>();
      for (const api of apis) byApi.set(api, compileResources(api));
      let last: ApiDefinition | undefined;
      let lastCompiled: ApiResources | undefined;
      const route: ResourceRouter = (api, path, given, request, context) => {
        // Most gateways serve one API per validator, or call one API many times in a row.
        const compiled = api === last ? lastCompiled : byApi.get(api);
        if (compiled === undefined) return unknownResource(api);
        last = api;
        lastCompiled = compiled;
        const { basePath, resources } = compiled;
        // A call routed by name (context.api, given -1) may come by another path: then all of it is matched.
        const from = given >= 0 ? given : path.startsWith(basePath) ? basePath.length : 0;
        const end = resourcePathEnd(path, from);
        if (end < 0) return unknownResource(api);
        const sent = request.method;
        const method = sent === undefined ? 'GET' : sent;
        let upper: string | undefined; // only for a method not written upper-case (rare): no string per call
        let pathMatched = false;
        for (let i = 0; i < resources.length; i++) {
          const { template, methods, resource } = resources[i]!;
          if (!matchesTemplate(template, path, from, end)) continue;
          if (serves(methods, method) || serves(methods, (upper ??= method.toUpperCase()))) {
            if (resource.auth !== 'none') return resource;
            return protectedTwin(resources, path, from, end, upper ?? method) ?? unauthenticated(api, resource, request, context, router);
          }
          pathMatched = true;
        }
        if (!pathMatched) return unknownResource(api);
        const allow = new Set<string>();
        for (const { template, methods } of resources) {
          if (matchesTemplate(template, path, from, end)) for (const m of methods) allow.add(m);
        }
        const refused = refusal(NOT_ALLOWED, 'method_not_allowed', `${api.name} ${api.version} does not serve ${quoteInput(method, 32)} on this resource`);
        return { ...refused, allow: [...allow].join(', ') };
      };
      return route;
    },
  };
}
