import { quoteInput } from '../encoding/quote.js';

/** Every answer may carry an API key or data of one subscriber: never cached, never sniffed. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json', ...headers },
  });
}

/** 200 with no body: WSO2's answer to a revocation or a deletion. */
export function done(): Response {
  return new Response(null, { status: 200, headers: BASE_HEADERS });
}

/**
 * WSO2's REST error: `{ code, message, description, moreInfo, error }`, `code` the HTTP status.
 * `errors` are the per-field items (`{ code, message }`), their message naming the field.
 */
export function problem(status: number, description: string, errors: readonly string[] = [], headers: Readonly<Record<string, string>> = {}): Response {
  const message = REASONS[status] ?? 'Error';
  const error = errors.map((text) => ({ code: String(status), message: text }));
  return json(status, { code: status, message, description, moreInfo: '', error }, headers);
}

/** 400 naming the field: `text` is `field: problem`. */
export const badRequest = (text: string): Response => problem(400, text, [text]);

/** 404 for what does not exist and what belongs to another subscriber alike: nothing tells them apart. */
export const notFound = (what: string, id: string): Response => problem(404, `Requested ${what} with Id ${quoteInput(id)} not found`);

/** WSO2's list: `{ count, list, pagination: { offset, limit, total, next, previous } }` for one page. */
export function page<T>(all: readonly T[], offset: number, limit: number, path: string, query: URLSearchParams): Record<string, unknown> {
  const list = all.slice(offset, offset + limit);
  const link = (at: number): string => {
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    params.set('offset', String(at));
    return `${path}?${params.toString()}`;
  };
  return {
    count: list.length,
    list,
    pagination: {
      offset,
      limit,
      total: all.length,
      next: offset + limit < all.length ? link(offset + limit) : '',
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : '',
    },
  };
}
