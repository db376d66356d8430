import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { mustBeTrue } from '../../checks';
import { show } from '../../hcl';

/** CKV_AWS_131: application load balancers drop invalid HTTP headers. */
export const AlbDropInvalidHeaders = defineRule({
  id: 'CKV_AWS_131',
  title: 'Application load balancer drops invalid header fields',
  severity: 'medium',
  area: 'alb',
  docs: 'drop_invalid_header_fields = true on application load balancers, against HTTP desync and header smuggling.',
  resourceTypes: ['aws_lb', 'aws_alb'],
  evaluate(lb) {
    const type = lb.body.load_balancer_type;
    if (type !== undefined && type !== 'application')
      return notApplicable(`load_balancer_type is ${show(type)}`);
    const problem = mustBeTrue('drop_invalid_header_fields', lb.body.drop_invalid_header_fields);
    return problem === undefined ? compliant() : nonCompliant(problem);
  },
});
