import { defineRule, compliant, nonCompliant } from '../../rule';
import { companions } from '../../s3/bucket-companions';
import { blocks, show } from '../../hcl';

/** CKV2_AWS_65: ACLs are disabled with object ownership BucketOwnerEnforced. */
export const S3BucketOwnerEnforced = defineRule({
  id: 'CKV2_AWS_65',
  title: 'S3 bucket disables ACLs (BucketOwnerEnforced)',
  severity: 'medium',
  area: 'storage',
  docs: 'An aws_s3_bucket_ownership_controls with object_ownership BucketOwnerEnforced refers to the bucket: ACLs are off and the bucket owner owns every object.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack }) {
    const controls = companions(stack, bucket, 'aws_s3_bucket_ownership_controls');
    if (controls.length === 0) {
      return nonCompliant(
        'no aws_s3_bucket_ownership_controls refers to this bucket; add one with object_ownership "BucketOwnerEnforced"',
      );
    }
    const values = controls.flatMap((c) => blocks(c.body.rule).map((r) => r.object_ownership));
    if (values.includes('BucketOwnerEnforced')) return compliant();
    return nonCompliant(
      `object_ownership is ${values.map(show).join(', ') || 'unset'}; set it to "BucketOwnerEnforced"`,
    );
  },
});
