// `keygate/restrict`: IP and referrer restrictions. The validator plugin that enforces the
// `permittedIP` and `permittedReferer` claims (without it, keys that carry one are refused), and
// the matchers it uses. See docs/restrictions.md.
export { createRestrictions } from './check.js';
export type { RestrictionCheck, Restrictions } from '../validate/plugins.js';

export { parseIp, type ParsedIp } from './ip-text.js';
export { parseCidr, type ParsedCidr } from './cidr.js';
export { compileIpAllowList, ipMatches, type IpAllowList } from './allow-list.js';
export { compileReferrerPatterns, referrerMatches, type ReferrerPatterns } from './referrer.js';
