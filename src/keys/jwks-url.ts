/**
 * Where a JWKS may be fetched from. The set decides which keys are trusted, so it must come over
 * https: over plain http a network attacker swaps in their own keys and mints valid API keys.
 * Loopback addresses never leave the machine and are allowed; anything else needs the explicit
 * `allowInsecureHttp` (a test rig, or a mesh that encrypts underneath).
 */
import { KeygateError } from '../errors.js';

const isDigits = (part: string): boolean => part.length > 0 && part.length <= 3 && [...part].every((c) => c >= '0' && c <= '9');

/**
 * `localhost`, 127.0.0.0/8 or [::1]. The hostname is the one the WHATWG URL parser gave, which
 * writes every IPv4 spelling (`127.1`, `0x7f.0.0.1`, `2130706433`) as dotted decimal and every
 * IPv6 one as its shortest form, so these exact forms are the only ones to compare against.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const parts = hostname.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every(isDigits);
}

/** Whether fetching the JWKS from `url` (already parsed) is allowed. */
export function isTrustedJwksUrl(url: URL, allowInsecureHttp: boolean): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (allowInsecureHttp || isLoopbackHost(url.hostname));
}

/** The normalised URL of a JWKS endpoint; throws ERR_INVALID_OPTION for anything else than https (see above). */
export function checkedJwksUrl(url: unknown, allowInsecureHttp: unknown): string {
  if (allowInsecureHttp !== undefined && typeof allowInsecureHttp !== 'boolean') {
    throw new KeygateError('ERR_INVALID_OPTION', 'allowInsecureHttp must be a boolean');
  }
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') {
    throw new KeygateError('ERR_INVALID_OPTION', 'the JWKS url must be an absolute https URL');
  }
  if (!isTrustedJwksUrl(parsed, allowInsecureHttp === true)) {
    throw new KeygateError(
      'ERR_INVALID_OPTION',
      `the JWKS url must use https: over http (${parsed.host}) anyone on the network path can swap in their own keys ` +
        '(http is allowed for localhost, 127.0.0.0/8 and [::1]; pass allowInsecureHttp: true to override)',
    );
  }
  return parsed.href;
}
