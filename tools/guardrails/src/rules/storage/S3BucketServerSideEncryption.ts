import { defineRule, compliant, nonCompliant } from '../../rule';
import { encryptionDefaults } from '../../s3/bucket-companions';
import { show } from '../../hcl';

const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

/** CKV_AWS_19: every bucket has default server-side encryption configured. */
export const S3BucketServerSideEncryption = defineRule({
  id: 'CKV_AWS_19',
  title: 'S3 bucket has default server-side encryption',
  severity: 'high',
  area: 'storage',
  docs: 'An aws_s3_bucket_server_side_encryption_configuration with sse_algorithm AES256 or aws:kms refers to the bucket, so every object is encrypted at rest.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack }) {
    const defaults = encryptionDefaults(stack, bucket);
    if (defaults.length === 0) {
      return nonCompliant(
        'no aws_s3_bucket_server_side_encryption_configuration refers to this bucket; add one with sse_algorithm "AES256" or "aws:kms"',
      );
    }
    const good = defaults.find(
      (d) => typeof d.sseAlgorithm === 'string' && ALGORITHMS.includes(d.sseAlgorithm),
    );
    if (good) return compliant(`sse_algorithm ${show(good.sseAlgorithm)} (${good.source})`);
    return nonCompliant(
      `sse_algorithm is ${defaults.map((d) => show(d.sseAlgorithm)).join(', ')}; use one of ${ALGORITHMS.join(', ')}`,
    );
  },
});
