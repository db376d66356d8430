import { publicAccessFlagRule } from '../../s3/public-access-flag';

/** CKV_AWS_56: the public access block restricts buckets with public policies. */
export const S3RestrictPublicBuckets = publicAccessFlagRule(
  'CKV_AWS_56',
  'restrict_public_buckets',
  'S3 public access block has restrict_public_buckets enabled',
  'only AWS services and the owner account can reach a bucket whose policy is public.',
);
