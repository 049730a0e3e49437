import { base64UrlDecode, base64UrlEncode } from '../encoding/base64.js';
import { utf8Decode, utf8Encode } from '../encoding/utf8.js';
import { parseStringArray } from '../stores/subscription-codec.js';

/**
 * keygate's stores know an API by context and version and a subscription by application, context
 * and version; WSO2's REST API knows both by an id. The ids are those parts, as a JSON array in
 * unpadded base64url: opaque to clients, read back without a lookup table, one spelling each.
 */
const MAX_ID_LENGTH = 4096;

export const encodeId = (parts: readonly string[]): string => base64UrlEncode(utf8Encode(JSON.stringify(parts)));

/** The `length` parts of an id, or undefined for an id keygate did not write. */
export function decodeId(id: string, length: number): string[] | undefined {
  if (id.length > MAX_ID_LENGTH) return undefined;
  const bytes = base64UrlDecode(id);
  const text = bytes === undefined ? undefined : utf8Decode(bytes);
  const parts = text === undefined ? undefined : parseStringArray(text, length);
  return parts !== undefined && encodeId(parts) === id ? parts : undefined;
}

export const apiIdOf = (api: { readonly context: string; readonly version: string }): string => encodeId([api.context, api.version]);

export const subscriptionIdOf = (s: { readonly applicationUuid: string; readonly apiContext: string; readonly apiVersion: string }): string =>
  encodeId([s.applicationUuid, s.apiContext, s.apiVersion]);
