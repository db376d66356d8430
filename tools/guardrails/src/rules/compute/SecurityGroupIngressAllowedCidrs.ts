import { defineRule, compliant, nonCompliant } from '../../rule';
import { cidrContains, isAnywhere, parseCidr } from '../../net/cidr';
import { INGRESS_TYPES, ingressOf } from '../../net/ingress';

/** AVD-AWS-0107: ingress only from the configured CIDRs (or, without a list, never from anywhere). */
export const SecurityGroupIngressAllowedCidrs = defineRule({
  id: 'AVD-AWS-0107',
  title: 'Security group ingress comes only from allowed CIDRs',
  severity: 'high',
  area: 'compute',
  docs: 'Every ingress CIDR lies inside one of the allowedIngressCidrs option; without that option, no ingress is open to 0.0.0.0/0 or ::/0 on any port.',
  resourceTypes: INGRESS_TYPES,
  evaluate(element, { options }) {
    const allowed = options.allowedIngressCidrs?.map((c) => parseCidr(c)).filter((c) => c !== undefined);
    const bad: string[] = [];
    for (const ingress of ingressOf(element)) {
      for (const cidr of ingress.cidrs) {
        if (allowed === undefined) {
          if (isAnywhere(cidr)) bad.push(cidr);
          continue;
        }
        const parsed = parseCidr(cidr);
        if (!parsed || !allowed.some((a) => cidrContains(a, parsed))) bad.push(cidr);
      }
    }
    if (bad.length === 0) return compliant();
    return nonCompliant(
      allowed === undefined
        ? `ingress is open to ${bad.join(', ')}; restrict it to the CIDRs that need access`
        : `ingress from ${bad.map((c) => JSON.stringify(c)).join(', ')} is not inside allowedIngressCidrs (${options.allowedIngressCidrs?.join(', ')})`,
    );
  },
});
