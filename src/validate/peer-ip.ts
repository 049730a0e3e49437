/**
 * The validator's default client address: the peer address as the runtime reports it (socket
 * addresses are already in their usual text form), with Node's IPv4-mapped IPv6 (`::ffff:10.0.0.1`,
 * from dual-stack sockets) as plain IPv4, lower-case; `undefined` for anything not made of address
 * characters. Matching parses it fully (the restrictions plugin), and so does
 * `createClientIpResolver`, which reads client-influenced forwarding headers: this stays out of
 * the core's bytes.
 */
export function peerAddress(text: string): string | undefined {
  if (text.length === 0 || text.length > 45 || !/^[\dA-Fa-f:.]+$/.test(text)) return undefined;
  const lower = text.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
