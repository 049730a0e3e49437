import { asciiBytes, base64UrlDecodeReused } from '../encoding/base64.js';
import { parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';

/** A compact JWS split and decoded, signature not checked. */
export interface DecodedJws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

/**
 * A compact JWS with its header decoded; payload and signature stay text until they are needed.
 * The validator checks the signature before it parses the payload (RFC 8725 §3.1: parse as little
 * as possible of what is not authenticated yet).
 */
export interface SplitJws {
  readonly header: Record<string, unknown>;
  /** The whole token, as received: the other segments are decoded from it on demand. */
  readonly token: string;
  /** Index of the payload segment (just after the first dot). */
  readonly payloadStart: number;
  /** Index of the signature segment (just after the second dot). */
  readonly signatureStart: number;
}

/**
 * A split JWS with its payload decoded to text (not parsed yet) and, as views over buffers that
 * the next decode reuses, what the signature covers and the signature itself: hand those to
 * `crypto.subtle.verify` at once, which copies its inputs before it returns (WebCrypto: "get a
 * copy of the bytes held by" each argument).
 */
export interface SignedJws {
  /** The payload segment, decoded: UTF-8 text, JSON if well formed (see parseJwsPayload). */
  readonly payloadText: string;
  /** ASCII bytes of `header.payload` exactly as received (padding included). */
  readonly signingInput: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

export type JwsDecodeFailure = 'too_long' | 'segments' | 'base64' | 'utf8' | 'json';

export interface JwsDecodeLimits {
  readonly maxLength: number;
  readonly maxJsonDepth: number;
}

/**
 * Splits a compact JWS and decodes its header, without throwing. Length is checked before
 * anything else is done, so an oversized token costs one comparison.
 */
export function splitCompactJws(token: string, limits: JwsDecodeLimits): SplitJws | JwsDecodeFailure {
  if (token.length > limits.maxLength) return 'too_long';
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || second === first + 1 || second === token.length - 1) return 'segments';
  if (token.indexOf('.', second + 1) >= 0) return 'segments';

  const header = parseHeader(token, first, limits.maxJsonDepth);
  if (typeof header === 'string') return header;
  return { header, token, payloadStart: first + 1, signatureStart: second + 1 };
}

// Every key a signer issues carries the same header, so recent header segments are remembered
// parsed: a hit is one Map lookup instead of a decode and a JSON parse. Only flat headers (every
// value a string or number) are kept, frozen, since one object is then shared by many results.
const HEADERS_KEPT = 64;
const MAX_KEPT_HEADER = 512;
const recentHeaders = new Map<string, Record<string, unknown>>();

function parseHeader(token: string, end: number, maxJsonDepth: number): Record<string, unknown> | JwsDecodeFailure {
  if (end > MAX_KEPT_HEADER) return parseSegment(token, 0, end, maxJsonDepth);
  const text = token.slice(0, end);
  const known = recentHeaders.get(text);
  if (known !== undefined) return known;
  const header = parseSegment(token, 0, end, maxJsonDepth);
  if (typeof header === 'string' || !isFlat(header)) return header;
  if (recentHeaders.size >= HEADERS_KEPT) recentHeaders.delete(recentHeaders.keys().next().value as string);
  recentHeaders.set(text, Object.freeze(header));
  return header;
}

function isFlat(record: Record<string, unknown>): boolean {
  for (const name in record) {
    const type = typeof record[name];
    if (type !== 'string' && type !== 'number') return false;
  }
  return true;
}

/**
 * Decodes the payload (to text) and the signature of a split JWS, in one pass over the token's
 * bytes; see SignedJws for how long the byte views stay valid.
 */
export function decodeSigned(jws: SplitJws): SignedJws | 'base64' | 'utf8' {
  const bytes = asciiBytes(jws.token);
  if (!bytes) return 'base64';
  // Read into a string before the signature's decode reuses the buffer.
  const payloadText = decodeText(bytes, jws.payloadStart, jws.signatureStart - 1);
  if (typeof payloadText !== 'string') return payloadText.failure;
  const signature = base64UrlDecodeReused(bytes, jws.signatureStart, jws.token.length);
  if (!signature) return 'base64';
  return { payloadText, signingInput: bytes.subarray(0, jws.signatureStart - 1), signature };
}

/** The decoded payload as a JSON object, or why it is not one. Bounded depth, no prototypes. */
export function parseJwsPayload(signed: SignedJws, maxJsonDepth: number): Record<string, unknown> | 'json' {
  return parseJsonObject(signed.payloadText, maxJsonDepth) ?? 'json';
}

/** Splits and decodes a compact JWS (header and payload; the signature must be base64url), without throwing. */
export function decodeCompactJws(token: string, limits: JwsDecodeLimits): DecodedJws | JwsDecodeFailure {
  const jws = splitCompactJws(token, limits);
  if (typeof jws === 'string') return jws;
  const signed = decodeSigned(jws);
  if (typeof signed === 'string') return signed;
  const payload = parseJwsPayload(signed, limits.maxJsonDepth);
  return typeof payload === 'string' ? payload : { header: jws.header, payload };
}

// Failures as objects, so that no decoded text can be mistaken for one.
const NOT_BASE64 = { failure: 'base64' } as const;
const NOT_UTF8 = { failure: 'utf8' } as const;

/** `token[start, end)` base64url-decoded and parsed as a JSON object, or why it is not one. */
function parseSegment(token: string, start: number, end: number, maxJsonDepth: number): Record<string, unknown> | 'base64' | 'utf8' | 'json' {
  const bytes = asciiBytes(token);
  const text = bytes ? decodeText(bytes, start, end) : NOT_BASE64;
  if (typeof text !== 'string') return text.failure;
  return parseJsonObject(text, maxJsonDepth) ?? 'json';
}

/** ASCII `bytes[start, end)` base64url-decoded as UTF-8 text, or why they are not. */
function decodeText(bytes: Uint8Array, start: number, end: number): string | typeof NOT_BASE64 | typeof NOT_UTF8 {
  const decoded = base64UrlDecodeReused(bytes, start, end);
  if (!decoded) return NOT_BASE64;
  return utf8Decode(decoded) ?? NOT_UTF8;
}
