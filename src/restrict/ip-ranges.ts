import { MAPPED_BASE, type IpRange } from './cidr.js';

const MAPPED_TOP = 0xffff_ffff_ffffn; // MAPPED_BASE + 2^32 - 1, a literal so bundlers can drop it

/** Sorts ranges and joins the ones that overlap or touch, so a lookup needs one binary search. */
export function mergeRanges(ranges: readonly IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const merged: IpRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.lo <= last.hi + 1n) {
      if (range.hi > last.hi) merged[merged.length - 1] = { lo: last.lo, hi: range.hi };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** The IPv4 part of merged ranges, as parallel arrays of 32-bit starts and ends. */
export function ipv4Table(merged: readonly IpRange[]): { starts: Uint32Array; ends: Uint32Array } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { lo, hi } of merged) {
    if (hi < MAPPED_BASE || lo > MAPPED_TOP) continue;
    starts.push(Number((lo > MAPPED_BASE ? lo : MAPPED_BASE) - MAPPED_BASE));
    ends.push(Number((hi < MAPPED_TOP ? hi : MAPPED_TOP) - MAPPED_BASE));
  }
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/** The IPv6 ranges outside the IPv4-mapped block, eight 32-bit words each (four for lo, four for hi). */
export function ipv6Table(merged: readonly IpRange[]): Uint32Array {
  const words: number[] = [];
  const push = (value: bigint): void => {
    for (let shift = 96n; shift >= 0n; shift -= 32n) words.push(Number((value >> shift) & 0xffff_ffffn));
  };
  for (const { lo, hi } of merged) {
    if (lo >= MAPPED_BASE && hi <= MAPPED_TOP) continue; // mapped clients are looked up as IPv4
    push(lo);
    push(hi);
  }
  return Uint32Array.from(words);
}

/** True when `x` lies in one of the sorted, disjoint ranges `[starts[i], ends[i]]`. */
export function inIpv4Table(starts: Uint32Array, ends: Uint32Array, x: number): boolean {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if ((starts[mid] as number) <= x) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found >= 0 && x <= (ends[found] as number);
}

function compareAt(x: Uint32Array, table: Uint32Array, offset: number): number {
  for (let k = 0; k < 4; k++) {
    const a = x[k] as number;
    const b = table[offset + k] as number;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/** True when the address in `x[0..3]` lies in one of the ranges of an `ipv6Table`. */
export function inIpv6Table(table: Uint32Array, x: Uint32Array): boolean {
  let low = 0;
  let high = table.length / 8 - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (compareAt(x, table, mid * 8) >= 0) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found >= 0 && compareAt(x, table, found * 8 + 4) <= 0;
}
