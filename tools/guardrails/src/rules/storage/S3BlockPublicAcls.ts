import { publicAccessFlagRule } from '../../s3/public-access-flag';

/** CKV_AWS_53: the public access block rejects requests that add public ACLs. */
export const S3BlockPublicAcls = publicAccessFlagRule(
  'CKV_AWS_53',
  'block_public_acls',
  'S3 public access block has block_public_acls enabled',
  'PUT requests that would add a public ACL are rejected.',
);
