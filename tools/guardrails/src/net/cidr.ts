/** IPv4/IPv6 CIDR parsing and containment, for the ingress rules. */

/** A parsed CIDR block. */
export interface Cidr {
  readonly version: 4 | 6;
  /** Network address as an integer (host bits cleared). */
  readonly network: bigint;
  readonly prefix: number;
  /** As written. */
  readonly text: string;
}

/** Parses `10.0.0.0/16` or `2001:db8::/32`; `undefined` when the text is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return prefix <= 32 ? cidr(4, v4, prefix, 32, text) : undefined;
  const v6 = parseIpv6(address);
  if (v6 !== undefined) return prefix <= 128 ? cidr(6, v6, prefix, 128, text) : undefined;
  return undefined;
}

/** True when every address of `inner` is inside `outer` (same IP version). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false;
  const bits = outer.version === 4 ? 32 : 128;
  return inner.network >> BigInt(bits - outer.prefix) === outer.network >> BigInt(bits - outer.prefix);
}

/** True for a CIDR that covers the whole address space: `0.0.0.0/0`, `::/0`. */
export function isAnywhere(cidrText: string): boolean {
  const parsed = parseCidr(cidrText);
  return parsed !== undefined && parsed.prefix === 0;
}

function cidr(version: 4 | 6, address: bigint, prefix: number, bits: number, text: string): Cidr {
  const hostBits = BigInt(bits - prefix);
  return { version, network: (address >> hostBits) << hostBits, prefix, text };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
