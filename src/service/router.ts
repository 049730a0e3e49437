import type { Application } from '../applications/types.js';
import { notFound } from './http.js';
import type { ServiceConfig } from './options.js';
import type { ServiceUser } from './types.js';

/** One call to an endpoint, once routed and authenticated. */
export interface Call {
  readonly request: Request;
  readonly user: ServiceUser;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly config: ServiceConfig;
  /** The path below the base path, for links in lists. */
  readonly path: string;
}

export type Handler = (call: Call) => Promise<Response>;

/** An endpoint: a method and a path template below the base path (`/applications/{applicationId}`). */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly handler: Handler;
}

export type RouteMatch =
  | { readonly handler: Handler; readonly params: Readonly<Record<string, string>> }
  | { readonly allow: readonly string[] }
  | { readonly malformed: true }
  | undefined;

const segmentsOf = (path: string): string[] => path.split('/').slice(1);

/** The route for a method and path, the methods its path allows (405), or undefined (404). */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const given = segmentsOf(path);
  const allow: string[] = [];
  for (const route of routes) {
    const template = segmentsOf(route.path);
    if (template.length !== given.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let i = 0; i < template.length && matches; i++) {
      const part = template[i]!;
      const value = given[i]!;
      if (part.startsWith('{')) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          return { malformed: true };
        }
        matches = decoded.length > 0;
        params[part.slice(1, -1)] = decoded;
      } else {
        matches = part === value;
      }
    }
    if (!matches) continue;
    if (route.method === method) return { handler: route.handler, params };
    allow.push(route.method);
  }
  return allow.length > 0 ? { allow } : undefined;
}

/**
 * The caller's application, or undefined for one that does not exist and for one another
 * subscriber owns alike: the answer (404) never tells them apart.
 */
export async function ownedApplication(call: Call, uuid: string): Promise<Application | undefined> {
  const app = await call.config.applications.find(uuid);
  return app !== undefined && app.owner === call.user.subscriber ? app : undefined;
}

/**
 * A handler of a path under `/applications/{applicationId}`, called with the caller's application;
 * another subscriber's application and one that does not exist answer the same 404.
 */
export const onApplication =
  (handler: (call: Call, app: Application) => Promise<Response>): Handler =>
  async (call) => {
    const app = await ownedApplication(call, call.params.applicationId!);
    return app === undefined ? notFound('application', call.params.applicationId!) : handler(call, app);
  };
