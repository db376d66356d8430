import { S3BucketServerSideEncryption } from './S3BucketServerSideEncryption';
import { S3BucketKmsEncryption } from './S3BucketKmsEncryption';
import { S3BucketPublicAccessBlock } from './S3BucketPublicAccessBlock';
import { S3BlockPublicAcls } from './S3BlockPublicAcls';
import { S3BlockPublicPolicy } from './S3BlockPublicPolicy';
import { S3IgnorePublicAcls } from './S3IgnorePublicAcls';
import { S3RestrictPublicBuckets } from './S3RestrictPublicBuckets';
import { S3BucketOwnerEnforced } from './S3BucketOwnerEnforced';
import { S3BucketSslRequestsOnly } from './S3BucketSslRequestsOnly';
import { S3BucketAbortIncompleteMultipartUpload } from './S3BucketAbortIncompleteMultipartUpload';
import { S3BucketVersioning } from './S3BucketVersioning';
import { GuardrailRule } from '../../rule';

export {
  S3BucketServerSideEncryption,
  S3BucketKmsEncryption,
  S3BucketPublicAccessBlock,
  S3BlockPublicAcls,
  S3BlockPublicPolicy,
  S3IgnorePublicAcls,
  S3RestrictPublicBuckets,
  S3BucketOwnerEnforced,
  S3BucketSslRequestsOnly,
  S3BucketAbortIncompleteMultipartUpload,
  S3BucketVersioning,
};

/** The per-stack rules of the storage area, in report order. Add a rule here, one per line. */
export const STORAGE_RULES: readonly GuardrailRule[] = [
  S3BucketServerSideEncryption,
  S3BucketKmsEncryption,
  S3BucketPublicAccessBlock,
  S3BlockPublicAcls,
  S3BlockPublicPolicy,
  S3IgnorePublicAcls,
  S3RestrictPublicBuckets,
  S3BucketOwnerEnforced,
  S3BucketSslRequestsOnly,
  S3BucketAbortIncompleteMultipartUpload,
  S3BucketVersioning,
];
