import {
  S3BlockPublicAcls,
  S3BlockPublicPolicy,
  S3BucketAbortIncompleteMultipartUpload,
  S3BucketKmsEncryption,
  S3BucketOwnerEnforced,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryption,
  S3BucketSslRequestsOnly,
  S3BucketVersioning,
  S3IgnorePublicAcls,
  S3RestrictPublicBuckets,
} from '../../src';
import { check, expectEveryRuleCovered, modified, ref, stackJson } from '../helpers';

const B = 'aws_s3_bucket.data';
const bucketRef = ref('aws_s3_bucket.data.id');

/** A bucket with every companion SecureBucket creates, KMS-encrypted and versioned. */
const secure = stackJson({
  resource: {
    aws_s3_bucket: { data: { bucket_prefix: 'icelog-', force_destroy: false } },
    aws_s3_bucket_public_access_block: {
      pab: {
        bucket: bucketRef,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    },
    aws_s3_bucket_ownership_controls: {
      own: { bucket: bucketRef, rule: { object_ownership: 'BucketOwnerEnforced' } },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      sse: {
        bucket: bucketRef,
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: 'aws:kms',
              kms_master_key_id: ref('aws_kms_key.k.arn'),
            },
            bucket_key_enabled: true,
          },
        ],
      },
    },
    aws_s3_bucket_versioning: {
      ver: { bucket: bucketRef, versioning_configuration: { status: 'Enabled' } },
    },
    aws_s3_bucket_policy: {
      pol: { bucket: bucketRef, policy: ref('data.aws_iam_policy_document.tls.json') },
    },
    aws_s3_bucket_lifecycle_configuration: {
      lc: {
        bucket: bucketRef,
        rule: [
          {
            id: 'abort-incomplete-multipart-uploads',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          },
          { id: 'errors', status: 'Enabled', filter: [{ prefix: 'errors/' }], expiration: [{ days: 30 }] },
        ],
      },
    },
  },
  data: {
    aws_iam_policy_document: {
      tls: {
        statement: [
          {
            sid: 'DenyInsecureTransport',
            effect: 'Deny',
            actions: ['s3:*'],
            resources: [ref('aws_s3_bucket.data.arn'), `${ref('aws_s3_bucket.data.arn')}/*`],
            principals: [{ type: '*', identifiers: ['*'] }],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      },
    },
  },
});

/** A bare bucket with nothing around it. */
const bare = stackJson({ resource: { aws_s3_bucket: { data: { bucket: 'my-bucket' } } } });

describe('CKV_AWS_19 S3BucketServerSideEncryption', () => {
  it('is compliant with an encryption configuration referring to the bucket', () => {
    expect(check(S3BucketServerSideEncryption, secure, B)).toEqual({
      status: 'compliant',
      message: 'sse_algorithm "aws:kms" (aws_s3_bucket_server_side_encryption_configuration.sse)',
    });
  });

  it('finds the configuration by the literal bucket name too', () => {
    const json = modified(bare, (j) => {
      j.resource.aws_s3_bucket_server_side_encryption_configuration = {
        sse: {
          bucket: 'my-bucket',
          rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
        },
      };
    });
    expect(check(S3BucketServerSideEncryption, json, B).status).toBe('compliant');
  });

  it('reads the deprecated inline server_side_encryption_configuration', () => {
    const json = modified(bare, (j) => {
      j.resource.aws_s3_bucket.data.server_side_encryption_configuration = {
        rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
      };
    });
    expect(check(S3BucketServerSideEncryption, json, B).status).toBe('compliant');
  });

  it('is non-compliant without an encryption configuration', () => {
    expect(check(S3BucketServerSideEncryption, bare, B)).toEqual({
      status: 'non-compliant',
      message:
        'no aws_s3_bucket_server_side_encryption_configuration refers to this bucket; add one with sse_algorithm "AES256" or "aws:kms"',
    });
  });

  it('ignores a configuration of another bucket', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket.other = {};
      j.resource.aws_s3_bucket_server_side_encryption_configuration.sse.bucket =
        ref('aws_s3_bucket.other.id');
    });
    expect(check(S3BucketServerSideEncryption, json, B).status).toBe('non-compliant');
  });

  it('is non-compliant when the algorithm is an unresolved expression', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket_server_side_encryption_configuration.sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm =
        ref('var.algorithm');
    });
    expect(check(S3BucketServerSideEncryption, json, B)).toEqual({
      status: 'non-compliant',
      message: 'sse_algorithm is "${var.algorithm}"; use one of AES256, aws:kms, aws:kms:dsse',
    });
  });
});

describe('CKV_AWS_145 S3BucketKmsEncryption', () => {
  it('is not applicable unless requireCmk', () => {
    expect(check(S3BucketKmsEncryption, bare, B)).toEqual({
      status: 'not-applicable',
      message: 'requireCmk is off',
    });
  });

  it('is compliant with aws:kms and a key reference', () => {
    expect(check(S3BucketKmsEncryption, secure, B, { requireCmk: true })).toEqual({
      status: 'compliant',
      message:
        'kms_master_key_id "${aws_kms_key.k.arn}" (aws_s3_bucket_server_side_encryption_configuration.sse)',
    });
  });

  it('is non-compliant with SSE-S3', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket_server_side_encryption_configuration.sse.rule[0].apply_server_side_encryption_by_default =
        { sse_algorithm: 'AES256' };
    });
    expect(check(S3BucketKmsEncryption, json, B, { requireCmk: true })).toEqual({
      status: 'non-compliant',
      message:
        'default encryption is "AES256" with kms_master_key_id unset; use sse_algorithm "aws:kms" with the ARN of a customer-managed key',
    });
  });

  it('is non-compliant with the AWS-managed aws/s3 key', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket_server_side_encryption_configuration.sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id =
        'alias/aws/s3';
    });
    expect(check(S3BucketKmsEncryption, json, B, { requireCmk: true }).status).toBe('non-compliant');
  });

  it('is non-compliant without any default encryption', () => {
    expect(check(S3BucketKmsEncryption, bare, B, { requireCmk: true })).toEqual({
      status: 'non-compliant',
      message:
        'the bucket has no default encryption; configure sse_algorithm "aws:kms" with kms_master_key_id',
    });
  });
});

describe('CKV2_AWS_6 S3BucketPublicAccessBlock', () => {
  it('is compliant when a public access block refers to the bucket', () => {
    expect(check(S3BucketPublicAccessBlock, secure, B)).toEqual({
      status: 'compliant',
      message: 'aws_s3_bucket_public_access_block.pab',
    });
  });

  it('is non-compliant without one', () => {
    expect(check(S3BucketPublicAccessBlock, bare, B)).toEqual({
      status: 'non-compliant',
      message: 'no aws_s3_bucket_public_access_block refers to this bucket; add one with all four flags true',
    });
  });
});

describe.each([
  { rule: S3BlockPublicAcls, attribute: 'block_public_acls' },
  { rule: S3BlockPublicPolicy, attribute: 'block_public_policy' },
  { rule: S3IgnorePublicAcls, attribute: 'ignore_public_acls' },
  { rule: S3RestrictPublicBuckets, attribute: 'restrict_public_buckets' },
])('$rule.id public access flag $attribute', ({ rule, attribute }) => {
  const PAB = 'aws_s3_bucket_public_access_block.pab';

  it(`${rule.id} is compliant when ${attribute} is true`, () => {
    expect(check(rule, secure, PAB)).toEqual({ status: 'compliant' });
  });

  it(`${rule.id} accepts the string "true"`, () => {
    const json = modified(
      secure,
      (j) => (j.resource.aws_s3_bucket_public_access_block.pab[attribute] = 'true'),
    );
    expect(check(rule, json, PAB).status).toBe('compliant');
  });

  it(`${rule.id} is non-compliant when ${attribute} is false`, () => {
    const json = modified(
      secure,
      (j) => (j.resource.aws_s3_bucket_public_access_block.pab[attribute] = false),
    );
    expect(check(rule, json, PAB)).toEqual({
      status: 'non-compliant',
      message: `${attribute} is false; set it to true`,
    });
  });

  it(`${rule.id} is non-compliant when ${attribute} is unset`, () => {
    const json = modified(secure, (j) => delete j.resource.aws_s3_bucket_public_access_block.pab[attribute]);
    expect(check(rule, json, PAB)).toEqual({
      status: 'non-compliant',
      message: `${attribute} is unset; set it to true`,
    });
  });

  it(`${rule.id} is non-compliant when ${attribute} is an unresolved expression`, () => {
    const json = modified(
      secure,
      (j) => (j.resource.aws_s3_bucket_public_access_block.pab[attribute] = ref('var.block')),
    );
    expect(check(rule, json, PAB)).toEqual({
      status: 'non-compliant',
      message: `${attribute} is an unresolved expression (\${var.block}); it must be the literal true`,
    });
  });

  it(`${rule.id} inspects the account-level block too`, () => {
    const json = stackJson({
      resource: { aws_s3_account_public_access_block: { acct: { [attribute]: false } } },
    });
    expect(check(rule, json, 'aws_s3_account_public_access_block.acct').status).toBe('non-compliant');
  });
});

describe('CKV2_AWS_65 S3BucketOwnerEnforced', () => {
  it('is compliant with BucketOwnerEnforced (rule written as an object)', () => {
    expect(check(S3BucketOwnerEnforced, secure, B)).toEqual({ status: 'compliant' });
  });

  it('is compliant with the rule written as a list', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket_ownership_controls.own.rule = [{ object_ownership: 'BucketOwnerEnforced' }];
    });
    expect(check(S3BucketOwnerEnforced, json, B).status).toBe('compliant');
  });

  it('is non-compliant with ObjectWriter', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket_ownership_controls.own.rule.object_ownership = 'ObjectWriter';
    });
    expect(check(S3BucketOwnerEnforced, json, B)).toEqual({
      status: 'non-compliant',
      message: 'object_ownership is "ObjectWriter"; set it to "BucketOwnerEnforced"',
    });
  });

  it('is non-compliant without ownership controls', () => {
    expect(check(S3BucketOwnerEnforced, bare, B)).toEqual({
      status: 'non-compliant',
      message:
        'no aws_s3_bucket_ownership_controls refers to this bucket; add one with object_ownership "BucketOwnerEnforced"',
    });
  });
});

describe('AwsSolutions-S10 S3BucketSslRequestsOnly', () => {
  it('is compliant with the TLS-only deny on the bucket and its objects', () => {
    expect(check(S3BucketSslRequestsOnly, secure, B)).toEqual({ status: 'compliant' });
  });

  it('accepts literal policy JSON with the literal bucket ARN', () => {
    const json = stackJson({
      resource: {
        aws_s3_bucket: { data: { bucket: 'my-bucket' } },
        aws_s3_bucket_policy: {
          pol: {
            bucket: 'my-bucket',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'],
                  Condition: { Bool: { 'aws:SecureTransport': false } },
                },
              ],
            }),
          },
        },
      },
    });
    expect(check(S3BucketSslRequestsOnly, json, B).status).toBe('compliant');
  });

  it('is non-compliant when the deny covers only the objects', () => {
    const json = modified(secure, (j) => {
      j.data.aws_iam_policy_document.tls.statement[0].resources = [`${ref('aws_s3_bucket.data.arn')}/*`];
    });
    expect(check(S3BucketSslRequestsOnly, json, B)).toEqual({
      status: 'non-compliant',
      message:
        'the bucket policy has no statement denying s3:* to "*" on the bucket and its objects when aws:SecureTransport is false',
    });
  });

  it('is non-compliant when the statement allows instead of denies', () => {
    const json = modified(secure, (j) => (j.data.aws_iam_policy_document.tls.statement[0].effect = 'Allow'));
    expect(check(S3BucketSslRequestsOnly, json, B).status).toBe('non-compliant');
  });

  it('is non-compliant when the condition tests TLS version instead', () => {
    const json = modified(secure, (j) => {
      j.data.aws_iam_policy_document.tls.statement[0].condition = [
        { test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] },
      ];
    });
    expect(check(S3BucketSslRequestsOnly, json, B).status).toBe('non-compliant');
  });

  it('is non-compliant without a bucket policy', () => {
    expect(check(S3BucketSslRequestsOnly, bare, B)).toEqual({
      status: 'non-compliant',
      message:
        'no bucket policy refers to this bucket; add one that denies s3:* when aws:SecureTransport is false',
    });
  });

  it('is non-compliant, without throwing, when the policy is an unresolved expression', () => {
    const json = modified(
      secure,
      (j) => (j.resource.aws_s3_bucket_policy.pol.policy = ref('jsonencode(local.policy)')),
    );
    expect(check(S3BucketSslRequestsOnly, json, B)).toEqual({
      status: 'non-compliant',
      message:
        'the bucket policy cannot be read at synth time (${jsonencode(local.policy)}): render it with an aws_iam_policy_document data source or literal JSON so that it can be checked',
    });
  });
});

describe('CKV_AWS_300 S3BucketAbortIncompleteMultipartUpload', () => {
  const LC = (j: any) => j.resource.aws_s3_bucket_lifecycle_configuration.lc.rule[0];

  it('is compliant with an enabled whole-bucket abort rule', () => {
    expect(check(S3BucketAbortIncompleteMultipartUpload, secure, B)).toEqual({
      status: 'compliant',
      message:
        'rule "abort-incomplete-multipart-uploads" (aws_s3_bucket_lifecycle_configuration.lc) after 7 days',
    });
  });

  it('reads the deprecated inline lifecycle_rule', () => {
    const json = modified(bare, (j) => {
      j.resource.aws_s3_bucket.data.lifecycle_rule = [
        { enabled: true, abort_incomplete_multipart_upload_days: 3 },
      ];
    });
    expect(check(S3BucketAbortIncompleteMultipartUpload, json, B).status).toBe('compliant');
  });

  it('is non-compliant when the abort rule is disabled', () => {
    const json = modified(secure, (j) => (LC(j).status = 'Disabled'));
    expect(check(S3BucketAbortIncompleteMultipartUpload, json, B)).toEqual({
      status: 'non-compliant',
      message:
        'the abort_incomplete_multipart_upload rules ("abort-incomplete-multipart-uploads") are disabled, limited by a filter, or have no literal days_after_initiation >= 1',
    });
  });

  it('is non-compliant when the abort rule is limited to a prefix', () => {
    const json = modified(secure, (j) => (LC(j).filter = [{ prefix: 'tmp/' }]));
    expect(check(S3BucketAbortIncompleteMultipartUpload, json, B).status).toBe('non-compliant');
  });

  it('is non-compliant when the days are an unresolved expression', () => {
    const json = modified(
      secure,
      (j) => (LC(j).abort_incomplete_multipart_upload[0].days_after_initiation = ref('var.days')),
    );
    expect(check(S3BucketAbortIncompleteMultipartUpload, json, B).status).toBe('non-compliant');
  });

  it('is non-compliant when the lifecycle has only expiry rules', () => {
    const json = modified(secure, (j) => j.resource.aws_s3_bucket_lifecycle_configuration.lc.rule.shift());
    expect(check(S3BucketAbortIncompleteMultipartUpload, json, B)).toEqual({
      status: 'non-compliant',
      message:
        'no lifecycle rule has abort_incomplete_multipart_upload; add one that applies to the whole bucket',
    });
  });

  it('is non-compliant without a lifecycle configuration', () => {
    expect(check(S3BucketAbortIncompleteMultipartUpload, bare, B)).toEqual({
      status: 'non-compliant',
      message:
        'no lifecycle configuration refers to this bucket; add a rule with abort_incomplete_multipart_upload',
    });
  });
});

describe('CKV_AWS_21 S3BucketVersioning', () => {
  it('is not applicable unless requireVersioning', () => {
    expect(check(S3BucketVersioning, bare, B)).toEqual({
      status: 'not-applicable',
      message: 'requireVersioning is off',
    });
  });

  it('is compliant with versioning Enabled', () => {
    expect(check(S3BucketVersioning, secure, B, { requireVersioning: true })).toEqual({
      status: 'compliant',
    });
  });

  it('is non-compliant with versioning Suspended', () => {
    const json = modified(secure, (j) => {
      j.resource.aws_s3_bucket_versioning.ver.versioning_configuration.status = 'Suspended';
    });
    expect(check(S3BucketVersioning, json, B, { requireVersioning: true })).toEqual({
      status: 'non-compliant',
      message: 'versioning status is "Suspended"; set it to "Enabled"',
    });
  });

  it('is non-compliant without a versioning resource', () => {
    expect(check(S3BucketVersioning, bare, B, { requireVersioning: true })).toEqual({
      status: 'non-compliant',
      message: 'no aws_s3_bucket_versioning refers to this bucket; add one with status "Enabled"',
    });
  });
});

it('covers every storage rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('storage');
});
