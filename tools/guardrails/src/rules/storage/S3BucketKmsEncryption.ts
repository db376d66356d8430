import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { encryptionDefaults } from '../../s3/bucket-companions';
import { isSet } from '../../checks';
import { show } from '../../hcl';

/** CKV_AWS_145 (option requireCmk): buckets are encrypted with a customer-managed KMS key. */
export const S3BucketKmsEncryption = defineRule({
  id: 'CKV_AWS_145',
  title: 'S3 bucket is encrypted with a customer-managed KMS key',
  severity: 'medium',
  area: 'storage',
  docs: 'With requireCmk: default encryption is aws:kms (or aws:kms:dsse) with kms_master_key_id set to a customer-managed key, so key use is auditable and revocable.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack, options }) {
    if (!options.requireCmk) return notApplicable('requireCmk is off');
    const defaults = encryptionDefaults(stack, bucket);
    const cmk = defaults.find(
      (d) =>
        (d.sseAlgorithm === 'aws:kms' || d.sseAlgorithm === 'aws:kms:dsse') &&
        isSet(d.kmsMasterKeyId) &&
        d.kmsMasterKeyId !== 'alias/aws/s3',
    );
    if (cmk) return compliant(`kms_master_key_id ${show(cmk.kmsMasterKeyId)} (${cmk.source})`);
    if (defaults.length === 0) {
      return nonCompliant(
        'the bucket has no default encryption; configure sse_algorithm "aws:kms" with kms_master_key_id',
      );
    }
    return nonCompliant(
      `default encryption is ${defaults
        .map((d) => `${show(d.sseAlgorithm)} with kms_master_key_id ${show(d.kmsMasterKeyId)}`)
        .join(', ')}; use sse_algorithm "aws:kms" with the ARN of a customer-managed key`,
    );
  },
});
