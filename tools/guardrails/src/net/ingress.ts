import { Body, blocks, numeric, strings, text } from '../hcl';
import { StackElement } from '../stack';

/** Resource types that open security-group ingress. */
export const INGRESS_TYPES: readonly string[] = [
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
];

/** One ingress permission in one shape, whichever resource type declared it. */
export interface IngressView {
  /** `ingress[0]` for an inline block, `''` for a standalone rule resource. */
  readonly label: string;
  readonly protocol: string;
  readonly fromPort: number | 'unresolved' | undefined;
  readonly toPort: number | 'unresolved' | undefined;
  /** IPv4 and IPv6 CIDRs, as written. */
  readonly cidrs: readonly string[];
}

/** The ingress permissions an element declares (egress rules are ignored). */
export function ingressOf(element: StackElement): IngressView[] {
  const body = element.body;
  if (element.type === 'aws_security_group') {
    return blocks(body.ingress).map((rule, i) =>
      view(`ingress[${i}]`, rule, rule.protocol, [rule.cidr_blocks, rule.ipv6_cidr_blocks]),
    );
  }
  if (element.type === 'aws_security_group_rule') {
    return body.type === 'ingress'
      ? [view('', body, body.protocol, [body.cidr_blocks, body.ipv6_cidr_blocks])]
      : [];
  }
  if (element.type === 'aws_vpc_security_group_ingress_rule') {
    return [view('', body, body.ip_protocol, [body.cidr_ipv4, body.cidr_ipv6])];
  }
  return [];
}

/**
 * True when the permission opens TCP `port`: protocol all (`-1`, `all`) or TCP (`tcp`, `6`) with a
 * port range containing it. Unknown (expression) ports or protocols do not count as open.
 */
export function opensPort(ingress: IngressView, port: number): boolean {
  const protocol = ingress.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = ingress.fromPort;
  const to = ingress.toPort;
  return typeof from === 'number' && typeof to === 'number' && from <= port && port <= to;
}

function view(label: string, rule: Body, protocol: unknown, cidrLists: unknown[]): IngressView {
  return {
    label,
    protocol: text(protocol) ?? '',
    fromPort: numeric(rule.from_port),
    toPort: numeric(rule.to_port),
    cidrs: cidrLists.flatMap((list) => strings(list)),
  };
}
