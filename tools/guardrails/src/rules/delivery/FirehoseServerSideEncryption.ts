import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { hasStreamSource } from '../../firehose/delivery-stream';
import { block } from '../../hcl';
import { mustBeTrue } from '../../checks';

/** CKV_AWS_240: a Direct PUT delivery stream has server-side encryption enabled. */
export const FirehoseServerSideEncryption = defineRule({
  id: 'CKV_AWS_240',
  title: 'Firehose Direct PUT stream has server-side encryption',
  severity: 'high',
  area: 'delivery',
  docs: 'server_side_encryption.enabled = true on Direct PUT delivery streams, so buffered records are encrypted at rest; streams with a Kinesis/MSK source are not applicable (encrypt the source).',
  resourceTypes: ['aws_kinesis_firehose_delivery_stream'],
  evaluate(stream) {
    if (hasStreamSource(stream.body)) {
      return notApplicable(
        'the stream reads from Kinesis/MSK; encryption belongs on the source stream (CKV_AWS_43)',
      );
    }
    const problem = mustBeTrue(
      'server_side_encryption.enabled',
      block(stream.body.server_side_encryption)?.enabled,
    );
    return problem === undefined ? compliant() : nonCompliant(problem);
  },
});
