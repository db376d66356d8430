import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { isSet } from '../../checks';

/** CKV_AWS_158 (option requireCmk): log groups are encrypted with a KMS key. */
export const LogGroupKmsEncryption = defineRule({
  id: 'CKV_AWS_158',
  title: 'CloudWatch log group is encrypted with a KMS key',
  severity: 'low',
  area: 'logs',
  docs: 'With requireCmk: kms_key_id is set on aws_cloudwatch_log_group, so log events are encrypted with a key the team controls.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  evaluate(group, { options }) {
    if (!options.requireCmk) return notApplicable('requireCmk is off');
    if (isSet(group.body.kms_key_id)) return compliant();
    return nonCompliant('kms_key_id is not set; encrypt the log group with a customer-managed key');
  },
});
