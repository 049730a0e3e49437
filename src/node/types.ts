import type { ValidationSuccess } from '../validate/types.js';

/*
 * Structural shapes of Node's http objects and of the Express and Fastify wrappers around them:
 * only the members keygate reads or writes, so `http.IncomingMessage`, `express.Request` and
 * `FastifyRequest` fit without casts and keygate needs neither @types/node nor the frameworks.
 * Optional members say `| undefined` so they also fit under `exactOptionalPropertyTypes`.
 */

/** Node's `IncomingHttpHeaders`: lower-case names; repeated headers may be arrays. */
export interface NodeHeaders {
  [name: string]: string | string[] | undefined;
}

/** An `http.IncomingMessage`, an Express or Connect request. */
export interface NodeRequestLike {
  /** Path and query as received (origin-form), or an absolute URL (absolute-form). */
  url?: string | undefined;
  /** Express: the URL before a mount path was stripped from `url`. */
  originalUrl?: string | undefined;
  method?: string | undefined;
  headers: NodeHeaders;
  /** Node 18.3+: every header as an array of its values; the key is removed from it too. */
  readonly headersDistinct?: Record<string, string[] | undefined> | undefined;
  /** Alternating names and values as received; the key is removed from it too. */
  rawHeaders?: string[] | undefined;
  readonly socket?: { readonly remoteAddress?: string | undefined; readonly encrypted?: boolean | undefined } | null | undefined;
  /** Express and Fastify: the parsed query, cleaned of the key along with `url`. */
  query?: unknown | undefined;
  /** Set by keygate's middleware when the key was accepted. */
  apiKey?: ValidationSuccess | undefined;
}

/** An `http.ServerResponse` or an Express response. */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent?: boolean | undefined;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** Connect's and Express's `next`. */
export type NextLike = (error?: unknown) => void;

/** A `FastifyRequest`. */
export interface FastifyRequestLike {
  readonly raw: NodeRequestLike;
  query?: unknown | undefined;
  /** Set by keygate's hook when the key was accepted. */
  apiKey?: ValidationSuccess | undefined;
}

/** A `FastifyReply` (chainable, as Fastify's own). */
export interface FastifyReplyLike {
  code(statusCode: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}
