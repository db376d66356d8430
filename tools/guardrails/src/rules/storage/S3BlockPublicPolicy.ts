import { publicAccessFlagRule } from '../../s3/public-access-flag';

/** CKV_AWS_54: the public access block rejects public bucket policies. */
export const S3BlockPublicPolicy = publicAccessFlagRule(
  'CKV_AWS_54',
  'block_public_policy',
  'S3 public access block has block_public_policy enabled',
  'a bucket policy that grants public access is rejected.',
);
