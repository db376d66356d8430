import { defineRule, compliant, nonCompliant } from '../../rule';
import { companions } from '../../s3/bucket-companions';

/** CKV2_AWS_6: every bucket has its own public access block. */
export const S3BucketPublicAccessBlock = defineRule({
  id: 'CKV2_AWS_6',
  title: 'S3 bucket has a public access block',
  severity: 'high',
  area: 'storage',
  docs: 'An aws_s3_bucket_public_access_block refers to the bucket (its four flags are checked by CKV_AWS_53–56), so no ACL or policy can make it public.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack }) {
    const blocks = companions(stack, bucket, 'aws_s3_bucket_public_access_block');
    if (blocks.length > 0) return compliant(blocks.map((b) => b.address).join(', '));
    return nonCompliant(
      'no aws_s3_bucket_public_access_block refers to this bucket; add one with all four flags true',
    );
  },
});
