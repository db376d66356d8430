import { validateCidr } from './network';

/** The `cidr_ipv4` or `cidr_ipv6` attribute of a security group rule for `cidr`. */
export function cidrRule(cidr: string): { cidrIpv4: string } | { cidrIpv6: string } {
  return validateCidr('cidr', cidr).family === 'ipv6' ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
}

/** A construct-id-safe rendering of a CIDR, so rule ids stay stable when the list is reordered. */
export function ruleIdSuffix(cidr: string): string {
  return cidr.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');
}
