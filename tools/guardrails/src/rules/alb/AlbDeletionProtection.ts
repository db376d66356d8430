import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { mustBeTrue } from '../../checks';

/** CKV_AWS_150 (option requireDeletionProtection): load balancers cannot be deleted by accident. */
export const AlbDeletionProtection = defineRule({
  id: 'CKV_AWS_150',
  title: 'Load balancer has deletion protection',
  severity: 'low',
  area: 'alb',
  docs: 'With requireDeletionProtection: enable_deletion_protection = true, so a mistaken destroy or replacement cannot take the entry point down.',
  resourceTypes: ['aws_lb', 'aws_alb'],
  evaluate(lb, { options }) {
    if (!options.requireDeletionProtection) return notApplicable('requireDeletionProtection is off');
    const problem = mustBeTrue('enable_deletion_protection', lb.body.enable_deletion_protection);
    return problem === undefined ? compliant() : nonCompliant(problem);
  },
});
