import { parseJsonObject } from '../encoding/json.js';
import { checkTier } from './tiers.js';
import type { ResolvedTier } from './types.js';

/** How keygate's shared stores write a policy as text: the checked tier as JSON, `requests: null` for Infinity (an unlimited tier), which JSON lacks. */
export const encodePolicy = (tier: ResolvedTier): string => JSON.stringify({ ...tier, requests: tier.requests === Infinity ? null : tier.requests });

/** The policy stored as `text` under `name`, checked and frozen; `undefined` when the text is not a policy (the caller fails closed). */
export function decodePolicy(name: string, text: string): ResolvedTier | undefined {
  const json = parseJsonObject(text, 2);
  if (json === undefined) return undefined;
  try {
    return checkTier(json.requests === null ? { ...json, requests: Infinity } : json, `policy ${JSON.stringify(name)}`);
  } catch {
    return undefined;
  }
}
