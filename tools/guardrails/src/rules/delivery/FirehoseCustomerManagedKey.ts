import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { hasStreamSource } from '../../firehose/delivery-stream';
import { block, flag, show } from '../../hcl';
import { isSet } from '../../checks';

/** CKV_AWS_241 (option requireCmk): a Direct PUT delivery stream is encrypted with a CMK. */
export const FirehoseCustomerManagedKey = defineRule({
  id: 'CKV_AWS_241',
  title: 'Firehose Direct PUT stream is encrypted with a customer-managed KMS key',
  severity: 'medium',
  area: 'delivery',
  docs: 'With requireCmk: server_side_encryption has key_type CUSTOMER_MANAGED_CMK and a key_arn, on Direct PUT streams.',
  resourceTypes: ['aws_kinesis_firehose_delivery_stream'],
  evaluate(stream, { options }) {
    if (!options.requireCmk) return notApplicable('requireCmk is off');
    if (hasStreamSource(stream.body)) {
      return notApplicable(
        'the stream reads from Kinesis/MSK; the key belongs on the source stream (CKV_AWS_185)',
      );
    }
    const sse = block(stream.body.server_side_encryption);
    if (flag(sse?.enabled) === true && sse?.key_type === 'CUSTOMER_MANAGED_CMK' && isSet(sse.key_arn)) {
      return compliant(`key_arn ${show(sse.key_arn)}`);
    }
    return nonCompliant(
      `server_side_encryption is enabled=${show(sse?.enabled)}, key_type=${show(sse?.key_type)}, key_arn=${show(sse?.key_arn)}; use key_type "CUSTOMER_MANAGED_CMK" with the key's ARN`,
    );
  },
});
