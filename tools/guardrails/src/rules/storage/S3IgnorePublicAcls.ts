import { publicAccessFlagRule } from '../../s3/public-access-flag';

/** CKV_AWS_55: the public access block makes S3 ignore public ACLs. */
export const S3IgnorePublicAcls = publicAccessFlagRule(
  'CKV_AWS_55',
  'ignore_public_acls',
  'S3 public access block has ignore_public_acls enabled',
  'existing public ACLs on the bucket and its objects are ignored.',
);
