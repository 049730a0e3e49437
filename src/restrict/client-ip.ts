import { KeygateError } from '../errors.js';
import { headerValue } from '../validate/request.js';
import type { ClientIpResolver } from '../validate/plugins.js';
import type { RequestLike } from '../validate/types.js';
import { compileIpAllowList, type IpAllowList } from './allow-list.js';
import { forwardedHops, MAX_FORWARDING_HEADER, readHop, xForwardedForHops } from './forwarded.js';
import { canonicalClientIp } from './ip-text.js';
import { checkOptionNames, type OptionNames } from '../options/known.js';

/** Which header the trusted proxies write. Only that one is read: the other may be client-made. */
export type ForwardingHeader = 'x-forwarded-for' | 'forwarded';

/** Which forwarding headers to believe, and from whom (options of `createClientIpResolver`). */
export interface ClientIpOptions {
  /** Proxies (addresses or CIDR ranges) whose forwarding header is believed. Default: none. */
  readonly trustedProxies?: readonly string[] | IpAllowList | undefined;
  /** Default `x-forwarded-for`; `forwarded` reads RFC 7239 `Forwarded: for=...`. */
  readonly forwardingHeader?: ForwardingHeader | undefined;
}

/** Input of `resolveClientIp`: the peer address, the request headers and the proxy settings. */
export interface ResolveClientIpOptions extends ClientIpOptions {
  /** The address the connection came from (socket address). */
  readonly peerIp: string | undefined;
  readonly headers?: RequestLike['headers'] | undefined;
}

function trustedList(trustedProxies: ClientIpOptions['trustedProxies']): IpAllowList | undefined {
  if (trustedProxies === undefined) return undefined;
  if (Array.isArray(trustedProxies)) {
    try {
      return trustedProxies.length === 0 ? undefined : compileIpAllowList(trustedProxies);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new KeygateError(err instanceof KeygateError ? err.code : 'ERR_INVALID_OPTION', `trustedProxies: ${message}`, { cause: err });
    }
  }
  if (typeof (trustedProxies as IpAllowList).matches !== 'function') {
    throw new KeygateError('ERR_INVALID_OPTION', 'trustedProxies must be an array of IP addresses and CIDR ranges');
  }
  return trustedProxies as IpAllowList;
}

/**
 * The client-address resolver for validator option `clientIp`, behind proxies. Compiles the
 * trust settings once (bad entries throw KeygateError now) and returns the per-request resolver.
 * The peer is the client unless it is a trusted proxy; then the forwarding header is walked from
 * the right, skipping trusted proxies, and the first untrusted hop is the client. A hop that
 * cannot be read stops the walk with `undefined`: past it, nothing is known.
 */
export function createClientIpResolver(options: ClientIpOptions = {}): ClientIpResolver {
  checkOptionNames(options, { trustedProxies: true, forwardingHeader: true } satisfies OptionNames<ClientIpOptions>, 'createClientIpResolver');
  return resolverOf(options);
}

function resolverOf(options: ClientIpOptions): ClientIpResolver {
  const trusted = trustedList(options.trustedProxies);
  const headerName = options.forwardingHeader ?? 'x-forwarded-for';
  if (headerName !== 'x-forwarded-for' && headerName !== 'forwarded') {
    throw new KeygateError('ERR_INVALID_OPTION', 'forwardingHeader must be "x-forwarded-for" or "forwarded"');
  }
  return (peerIp, headers) => {
    const peer = typeof peerIp === 'string' ? canonicalClientIp(peerIp) : undefined;
    if (peer === undefined || trusted === undefined || !trusted.matches(peer)) return peer;
    const value = headers === undefined ? undefined : headerValue(headers, headerName);
    if (value === undefined) return peer;
    if (value.length > MAX_FORWARDING_HEADER) return undefined;
    const hops = headerName === 'forwarded' ? forwardedHops(value) : xForwardedForHops(value);
    if (hops === undefined) return undefined;
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = readHop(hops[i] as string);
      if (hop === undefined) return undefined;
      client = hop;
      if (!trusted.matches(hop)) break;
    }
    return client;
  };
}

/**
 * The client address of a request, canonical (IPv4-mapped IPv6 as plain IPv4, zone dropped), or
 * `undefined` when it cannot be known. Forwarding headers count only when `peerIp` is a trusted
 * proxy, so without `trustedProxies` a client cannot forge its address.
 */
export function resolveClientIp(options: ResolveClientIpOptions): string | undefined {
  const known = { peerIp: true, headers: true, trustedProxies: true, forwardingHeader: true } satisfies OptionNames<ResolveClientIpOptions>;
  checkOptionNames(options, known, 'resolveClientIp');
  return resolverOf(options)(options.peerIp, options.headers);
}
