/**
 * PEM armour (RFC 7468) without regular expressions: bounded input, strict base64 body,
 * explanatory text around the block (OpenSSL's "Bag Attributes", keytool banners) ignored.
 */
import { base64Decode, base64Encode } from '../encoding/base64.js';
import { KeygateError } from '../errors.js';

/** Key material longer than this is refused before any parsing (a 4096-bit RSA PKCS#8 PEM is ~3.3 KiB). */
export const MAX_MATERIAL_LENGTH = 64 * 1024;

export interface PemBlock {
  /** The label between `BEGIN ` and the dashes, e.g. `PRIVATE KEY`. */
  readonly label: string;
  readonly der: Uint8Array<ArrayBuffer>;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const MAX_LABEL_LENGTH = 40;

function invalid(message: string): KeygateError {
  return new KeygateError('ERR_INVALID_KEY_MATERIAL', message);
}

export function checkMaterialLength(length: number): void {
  if (length > MAX_MATERIAL_LENGTH) {
    throw invalid(`key material is longer than ${MAX_MATERIAL_LENGTH} characters`);
  }
}

function isLabel(label: string): boolean {
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) return false;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 32;
    if (!ok) return false;
  }
  return true;
}

function decodeBody(body: string, label: string): Uint8Array<ArrayBuffer> {
  let compact = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === ':') {
      // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED": legacy encrypted keys.
      throw invalid(`the ${label} PEM block has headers (a legacy encrypted key?): export it unencrypted as PKCS#8`);
    }
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') compact += c;
  }
  const der = compact.length === 0 ? undefined : base64Decode(compact);
  if (der === undefined) throw invalid(`the ${label} PEM block does not hold valid base64`);
  return der;
}

/** Every PEM block in the text, in order. Throws ERR_INVALID_KEY_MATERIAL when there is none or one is broken. */
export function decodePemBlocks(text: string): PemBlock[] {
  checkMaterialLength(text.length);
  const blocks: PemBlock[] = [];
  let from = 0;
  for (let begin = text.indexOf(BEGIN); begin !== -1; begin = text.indexOf(BEGIN, from)) {
    const labelStart = begin + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    const label = labelEnd === -1 ? '' : text.slice(labelStart, labelEnd);
    if (!isLabel(label)) throw invalid('malformed PEM: bad BEGIN line');
    const footer = `${END}${label}${DASHES}`;
    const bodyStart = labelEnd + DASHES.length;
    const bodyEnd = text.indexOf(footer, bodyStart);
    if (bodyEnd === -1) throw invalid(`malformed PEM: no "${footer}" line`);
    blocks.push({ label, der: decodeBody(text.slice(bodyStart, bodyEnd), label) });
    from = bodyEnd + footer.length;
  }
  if (blocks.length === 0) throw invalid('not a PEM block (no "-----BEGIN ...-----" line) nor a JWK');
  return blocks;
}

/** Exactly one PEM block; several (a chain, a key plus its certificate) are refused as ambiguous. */
export function decodePem(text: string): PemBlock {
  const blocks = decodePemBlocks(text);
  if (blocks.length > 1) {
    const labels = blocks.map((b) => b.label).join(', ');
    throw invalid(`expected one PEM block, found ${blocks.length} (${labels}): pass each separately`);
  }
  return blocks[0]!;
}

/** PEM with 64-character lines and a trailing newline, as OpenSSL writes it. */
export function encodePem(label: string, der: Uint8Array): string {
  const body = base64Encode(der);
  let lines = '';
  for (let i = 0; i < body.length; i += 64) lines += `${body.slice(i, i + 64)}\n`;
  return `${BEGIN}${label}${DASHES}\n${lines}${END}${label}${DASHES}\n`;
}
