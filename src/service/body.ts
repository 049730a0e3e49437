import { readBoundedBody } from '../encoding/bounded-body.js';
import { parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';
import { invalidField, type Fields } from './fields.js';
import { problem } from './http.js';

/** The largest body read: a request here is a few fields, with restriction lists the longest. */
export const MAX_BODY_BYTES = 16 * 1024;
const MAX_DEPTH = 4;

const tooLarge = (): Response => problem(413, `the body must be at most ${MAX_BODY_BYTES} bytes`);

/**
 * The request's JSON object (prototype-free, nested at most 4 deep), a 413 answer for a body over
 * MAX_BODY_BYTES, or `{}` for an empty body when `emptyAllowed`. Anything else is a 400 (thrown).
 */
export async function readJsonBody(request: Request, emptyAllowed = false): Promise<Fields | Response> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const bytes = await readBoundedBody(request, MAX_BODY_BYTES);
  if (bytes === undefined) return tooLarge();
  if (bytes.byteLength === 0 && emptyAllowed) return {};
  const text = utf8Decode(bytes);
  const body = text === undefined ? undefined : parseJsonObject(text, MAX_DEPTH);
  return body ?? invalidField('body', `must be a JSON object (UTF-8, nested at most ${MAX_DEPTH} levels)`);
}
