import { defineRule, compliant, nonCompliant } from '../../rule';
import { isSet } from '../../checks';
import { show } from '../../hcl';

/** CKV_AWS_26: SNS topics are encrypted at rest with a KMS key. */
export const SnsTopicEncrypted = defineRule({
  id: 'CKV_AWS_26',
  title: 'SNS topic is encrypted with a KMS key',
  severity: 'medium',
  area: 'monitoring',
  docs: 'kms_master_key_id is set on aws_sns_topic, so alarm notifications are encrypted at rest (for CloudWatch alarms a customer-managed key whose policy admits cloudwatch.amazonaws.com).',
  resourceTypes: ['aws_sns_topic'],
  evaluate(topic) {
    const key = topic.body.kms_master_key_id;
    if (isSet(key) && key !== '') return compliant();
    return nonCompliant(`kms_master_key_id is ${show(key)}; encrypt the topic with a KMS key`);
  },
});
