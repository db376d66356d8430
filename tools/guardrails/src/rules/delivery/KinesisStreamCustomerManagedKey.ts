import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { show } from '../../hcl';
import { isSet } from '../../checks';

/** CKV_AWS_185 (option requireCmk): Kinesis data streams use a customer-managed key. */
export const KinesisStreamCustomerManagedKey = defineRule({
  id: 'CKV_AWS_185',
  title: 'Kinesis data stream is encrypted with a customer-managed KMS key',
  severity: 'medium',
  area: 'delivery',
  docs: 'With requireCmk: encryption_type = "KMS" and kms_key_id is a customer-managed key, not the AWS-managed alias/aws/kinesis.',
  resourceTypes: ['aws_kinesis_stream'],
  evaluate(stream, { options }) {
    if (!options.requireCmk) return notApplicable('requireCmk is off');
    const { encryption_type: type, kms_key_id: key } = stream.body;
    if (type === 'KMS' && isSet(key) && key !== 'alias/aws/kinesis')
      return compliant(`kms_key_id ${show(key)}`);
    return nonCompliant(
      `encryption_type is ${show(type)} and kms_key_id is ${show(key)}; use encryption_type "KMS" with a customer-managed key`,
    );
  },
});
