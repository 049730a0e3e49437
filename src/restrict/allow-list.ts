import { KeygateError } from '../errors.js';
import { cachedCompile, createCompileCache, splitClaim } from './compile-cache.js';
import { entryError, readEntry, type IpRange } from './cidr.js';
import { readIp } from './ip-text.js';
import { inIpv4Table, inIpv6Table, ipv4Table, ipv6Table, mergeRanges } from './ip-ranges.js';
import { isIpv4Mapped } from './ipv6.js';

/** A compiled IP allow-list. */
export interface IpAllowList {
  /**
   * True when the client address lies in an entry. Never throws: anything that is not a valid
   * address (zone ids are dropped) matches nothing. `::ffff:a.b.c.d` is the IPv4 address a.b.c.d.
   */
  matches(ip: string): boolean;
}

// Scratch for the client address: matching parses without allocating.
const client = /* @__PURE__ */ new Uint32Array(4);

/** Checks one entry as `issueKey` does; throws `ERR_INVALID_IP` / `ERR_INVALID_CIDR` naming the problem. */
export function checkIpEntry(entry: string): void {
  const result = readEntry(entry);
  if (!result.ok) throw entryError(entry, result);
}

/**
 * Compiles IP addresses and CIDR ranges of both families into sorted, merged integer ranges:
 * a check is one allocation-free parse and a binary search. Throws a `KeygateError` naming the
 * first bad entry.
 */
export function compileIpAllowList(entries: readonly string[]): IpAllowList {
  if (!Array.isArray(entries)) throw new KeygateError('ERR_INVALID_OPTION', 'an IP allow-list must be an array of strings');
  const ranges: IpRange[] = [];
  entries.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') throw new KeygateError('ERR_INVALID_IP', `IP allow-list entry ${index} is not a string`);
    const result = readEntry(entry);
    if (!result.ok) {
      const cause = entryError(entry, result);
      throw new KeygateError(result.code, `IP allow-list entry ${index}: ${cause.message}`, { cause });
    }
    ranges.push(result.range);
  });
  const merged = mergeRanges(ranges);
  const { starts, ends } = ipv4Table(merged);
  const v6 = ipv6Table(merged);
  return {
    matches(ip: string): boolean {
      if (typeof ip !== 'string') return false;
      const family = readIp(ip, 0, ip.length, client, 'drop');
      if (family === 4) return inIpv4Table(starts, ends, client[0] as number);
      if (family !== 6) return false;
      if (isIpv4Mapped(client)) return inIpv4Table(starts, ends, client[3] as number);
      return inIpv6Table(v6, client);
    },
  };
}

const byList = /* @__PURE__ */ createCompileCache<IpAllowList>();
const byClaim = /* @__PURE__ */ createCompileCache<IpAllowList>();
const compileClaim = (claimValue: string): IpAllowList => compileIpAllowList(splitClaim(claimValue));

/**
 * True when `ip` lies in any entry of `allowList` (addresses and CIDR ranges of both families).
 * The list is compiled once and cached; invalid entries throw, an invalid `ip` matches nothing.
 */
export function ipMatches(ip: string, allowList: readonly string[]): boolean {
  if (!Array.isArray(allowList)) throw new KeygateError('ERR_INVALID_OPTION', 'allowList must be an array of strings');
  return cachedCompile(byList, JSON.stringify(allowList), compileIpAllowList, allowList).matches(ip);
}

/** The compiled list for a `permittedIP` claim value (comma-separated), cached per value. */
export function ipAllowListForClaim(claimValue: string): IpAllowList {
  return cachedCompile(byClaim, claimValue, compileClaim, claimValue);
}
