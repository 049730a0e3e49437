import { asciiBytes, base64UrlDecodeBytes } from '../encoding/base64.js';
import { parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';

/** A compact JWS split and decoded, signature not yet checked. */
export interface DecodedJws extends SplitJws {
  readonly payload: Record<string, unknown>;
}

/**
 * A compact JWS with its header and signature decoded and its payload still bytes: the validator
 * checks the signature before it parses the payload (RFC 8725 §3.1: parse as little as possible of
 * what is not authenticated yet), and the signature check can start sooner.
 */
export interface SplitJws {
  readonly header: Record<string, unknown>;
  /** The payload segment, base64-decoded (UTF-8 JSON if well formed); see parseJwsPayload. */
  readonly payloadBytes: Uint8Array<ArrayBuffer>;
  /** ASCII bytes of `header.payload` exactly as received (padding included): what was signed. */
  readonly signingInput: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

export type JwsDecodeFailure = 'too_long' | 'segments' | 'base64' | 'utf8' | 'json';

export interface JwsDecodeLimits {
  readonly maxLength: number;
  readonly maxJsonDepth: number;
}

/**
 * Splits a compact JWS and decodes its header and signature, without throwing. Length is
 * checked before anything else is done, so an oversized token costs one comparison.
 */
export function splitCompactJws(token: string, limits: JwsDecodeLimits): SplitJws | JwsDecodeFailure {
  if (token.length > limits.maxLength) return 'too_long';
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || second === first + 1 || second === token.length - 1) return 'segments';
  if (token.indexOf('.', second + 1) >= 0) return 'segments';

  // One native pass turns the token into bytes; the segments are decoded from them, and the
  // signing input is a copy of their first part.
  const bytes = asciiBytes(token);
  if (!bytes) return 'base64';
  const headerBytes = base64UrlDecodeBytes(bytes, 0, first);
  const payloadBytes = base64UrlDecodeBytes(bytes, first + 1, second);
  const signature = base64UrlDecodeBytes(bytes, second + 1, token.length);
  if (!headerBytes || !payloadBytes || !signature) return 'base64';
  const signingInput = bytes.slice(0, second);

  const header = parseJsonBytes(headerBytes, limits.maxJsonDepth);
  if (typeof header === 'string') return header;
  return { header, payloadBytes, signingInput, signature };
}

/** The payload of a split JWS as a JSON object, or why it is not one. */
export function parseJwsPayload(jws: SplitJws, maxJsonDepth: number): Record<string, unknown> | 'utf8' | 'json' {
  return parseJsonBytes(jws.payloadBytes, maxJsonDepth);
}

/** Splits and decodes a compact JWS (header and payload), without throwing. */
export function decodeCompactJws(token: string, limits: JwsDecodeLimits): DecodedJws | JwsDecodeFailure {
  const jws = splitCompactJws(token, limits);
  if (typeof jws === 'string') return jws;
  const payload = parseJwsPayload(jws, limits.maxJsonDepth);
  return typeof payload === 'string' ? payload : { ...jws, payload };
}

function parseJsonBytes(bytes: Uint8Array, maxJsonDepth: number): Record<string, unknown> | 'utf8' | 'json' {
  const text = utf8Decode(bytes);
  if (text === undefined) return 'utf8';
  return parseJsonObject(text, maxJsonDepth) ?? 'json';
}
