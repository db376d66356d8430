import { GuardrailRule, compliant, defineRule, nonCompliant } from '../rule';
import { isAnywhere } from './cidr';
import { INGRESS_TYPES, ingressOf, opensPort } from './ingress';

/** Builds a rule forbidding ingress from anywhere to one TCP port (CKV_AWS_24/25/260). */
export function publicPortRule(id: string, port: number, service: string): GuardrailRule {
  return defineRule({
    id,
    title: `No security group ingress from 0.0.0.0/0 or ::/0 to port ${port}`,
    severity: port === 80 ? 'medium' : 'high',
    area: 'compute',
    docs: `Security groups do not open port ${port} (${service}) to the whole internet; allow the configured CIDRs or a load balancer's security group instead.`,
    resourceTypes: INGRESS_TYPES,
    evaluate(element) {
      const open = ingressOf(element).filter((i) => opensPort(i, port) && i.cidrs.some(isAnywhere));
      if (open.length === 0) return compliant();
      return nonCompliant(
        open
          .map(
            (i) =>
              `${i.label ? `${i.label} ` : ''}opens port ${port} to ${i.cidrs.filter(isAnywhere).join(', ')}`,
          )
          .join('; '),
      );
    },
  });
}
