import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { companions } from '../../s3/bucket-companions';
import { blocks, flag, show } from '../../hcl';

/** CKV_AWS_21 (option requireVersioning): buckets keep object versions. */
export const S3BucketVersioning = defineRule({
  id: 'CKV_AWS_21',
  title: 'S3 bucket has versioning enabled',
  severity: 'medium',
  area: 'storage',
  docs: 'With requireVersioning: an aws_s3_bucket_versioning with status Enabled refers to the bucket, so overwritten or deleted objects can be recovered.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack, options }) {
    if (!options.requireVersioning) return notApplicable('requireVersioning is off');
    const statuses = companions(stack, bucket, 'aws_s3_bucket_versioning').flatMap((v) =>
      blocks(v.body.versioning_configuration).map((c) => c.status),
    );
    if (statuses.includes('Enabled')) return compliant();
    if (blocks(bucket.body.versioning).some((v) => flag(v.enabled) === true))
      return compliant('inline versioning');
    if (statuses.length === 0) {
      return nonCompliant('no aws_s3_bucket_versioning refers to this bucket; add one with status "Enabled"');
    }
    return nonCompliant(`versioning status is ${statuses.map(show).join(', ')}; set it to "Enabled"`);
  },
});
