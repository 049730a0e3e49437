/**
 * A minimal, bounded DER (ASN.1) reader and writer: just enough to find the SubjectPublicKeyInfo
 * in an X.509 certificate and the algorithm of an SPKI or PKCS#8 key. Every failure is a
 * KeygateError ERR_INVALID_KEY_MATERIAL; offsets are checked against the enclosing element, so
 * no input can make it read out of bounds, loop, or recurse.
 */
import { KeygateError } from '../errors.js';

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  /** `[0]` constructed, context-specific: the X.509 version. */
  CONTEXT_0: 0xa0,
} as const;

/** One element: its tag and where its header and content lie in the source bytes. */
export interface DerElement {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

/** Elements per constructed value we are willing to list: certificates and keys need fewer than 16. */
const MAX_CHILDREN = 64;

export function invalidDer(why: string): KeygateError {
  return new KeygateError('ERR_INVALID_KEY_MATERIAL', `malformed DER: ${why}`);
}

/** Reads the element at `offset`, which must end at or before `limit`. */
export function readElement(bytes: Uint8Array, offset = 0, limit: number = bytes.length): DerElement {
  if (limit > bytes.length || offset < 0 || offset + 2 > limit) throw invalidDer('truncated element');
  const tag = bytes[offset]!;
  // High-tag-number form never occurs in the structures we read.
  if ((tag & 0x1f) === 0x1f) throw invalidDer('unsupported tag');
  const first = bytes[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length bytes cannot fit any bounded input.
    if (count === 0 || count > 4) throw invalidDer('unsupported length form');
    if (offset + 2 + count > limit) throw invalidDer('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    // DER demands the shortest form: no leading zero byte, no long form below 128.
    if (bytes[offset + 2] === 0 || length < 0x80) throw invalidDer('non-minimal length');
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) throw invalidDer('length exceeds the enclosing element');
  return { tag, start: offset, contentStart, end };
}

/** Reads the single top-level element, which must span the whole input (no trailing bytes). */
export function readRoot(bytes: Uint8Array, tag: number): DerElement {
  const root = readElement(bytes, 0);
  if (root.end !== bytes.length) throw invalidDer('trailing bytes after the top-level element');
  return expectTag(root, tag, 'top-level element');
}

/** Lists the elements inside a constructed element. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0) throw invalidDer('expected a constructed element');
  const out: DerElement[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    if (out.length === MAX_CHILDREN) throw invalidDer('too many elements');
    const child = readElement(bytes, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined) throw invalidDer(`missing ${what}`);
  if (element.tag !== tag) throw invalidDer(`${what} has tag 0x${element.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return element;
}

/** The content bytes of an element (a view, not a copy). */
export function contentOf(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.contentStart, element.end);
}

/**
 * The magnitude of a non-negative INTEGER: its content without the leading zero byte DER adds
 * before a high bit (a view). Negative or empty integers are malformed wherever we read one.
 */
export function unsignedIntegerOf(bytes: Uint8Array, element: DerElement | undefined, what: string): Uint8Array {
  const content = contentOf(bytes, expectTag(element, TAG.INTEGER, what));
  if (content.length === 0 || (content[0]! & 0x80) !== 0) throw invalidDer(`${what} is empty or negative`);
  let start = 0;
  while (start < content.length - 1 && content[start] === 0) start++;
  return content.subarray(start);
}

/** The whole encoding of an element, header included (a copy, safe to hand to WebCrypto). */
export function encodingOf(bytes: Uint8Array, element: DerElement): Uint8Array<ArrayBuffer> {
  return bytes.slice(element.start, element.end);
}

/** Encodes one element with a definite, minimal length. */
export function encodeElement(tag: number, ...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
