import { defineRule, compliant, nonCompliant } from '../../rule';
import { show } from '../../hcl';
import { isSet } from '../../checks';

/** CKV_AWS_43: Kinesis data streams are encrypted with KMS. */
export const KinesisStreamEncryption = defineRule({
  id: 'CKV_AWS_43',
  title: 'Kinesis data stream is encrypted',
  severity: 'high',
  area: 'delivery',
  docs: 'encryption_type = "KMS" with a kms_key_id on aws_kinesis_stream, so records are encrypted at rest (the stream is the encryption point when Firehose reads from Kinesis).',
  resourceTypes: ['aws_kinesis_stream'],
  evaluate(stream) {
    const { encryption_type: type, kms_key_id: key } = stream.body;
    if (type === 'KMS' && isSet(key)) return compliant(`kms_key_id ${show(key)}`);
    return nonCompliant(
      `encryption_type is ${show(type)} and kms_key_id is ${show(key)}; set encryption_type "KMS" with a key (alias/aws/kinesis at least)`,
    );
  },
});
