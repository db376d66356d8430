import { defineRule, compliant, nonCompliant } from '../../rule';
import { numeric, show } from '../../hcl';

/** CKV_AWS_66: every log group has a retention period. */
export const LogGroupRetention = defineRule({
  id: 'CKV_AWS_66',
  title: 'CloudWatch log group has a retention period',
  severity: 'low',
  area: 'logs',
  docs: 'retention_in_days is set to a positive value (0 or unset means never expire), so logs neither vanish early nor cost forever.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  evaluate(group) {
    const days = numeric(group.body.retention_in_days);
    if (typeof days === 'number' && days > 0) return compliant(`${days} days`);
    if (days === 'unresolved') {
      return nonCompliant(
        `retention_in_days is an unresolved expression (${String(group.body.retention_in_days)}); use a literal number of days`,
      );
    }
    return nonCompliant(
      `retention_in_days is ${show(group.body.retention_in_days)} (never expire); set a retention such as 30`,
    );
  },
});
