import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthesizeWithMetadata } from '../src/testing';
import {
  AwsContext,
  RetainedLogGroup,
  Role,
  SecureBucket,
  setUnmodelledAttribute,
  suppressGuardrail,
} from '../src';

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

type Synth = { resource: Record<string, Record<string, any>>; data: Record<string, Record<string, any>> };
const synth = (stack: TerraformStack): Synth => JSON.parse(Testing.synth(stack));
const only = (group: Record<string, any> | undefined) => {
  const values = Object.values(group ?? {});
  expect(values).toHaveLength(1);
  return values[0];
};

describe('AwsContext', () => {
  test('is a singleton per stack with the three data sources', () => {
    const stack = newStack();
    const a = AwsContext.of(stack);
    expect(AwsContext.of(stack)).toBe(a);
    const json = synth(stack);
    expect(Object.keys(json.data).sort()).toEqual(['aws_caller_identity', 'aws_partition', 'aws_region']);
  });

  test('arn() uses the data sources, never literals', () => {
    const stack = newStack();
    const ctx = AwsContext.of(stack);
    new TerraformOutput(stack, 'catalog', { value: ctx.arn({ service: 'glue', resource: 'catalog' }) });
    new TerraformOutput(stack, 'bucket', {
      value: ctx.arn({ service: 's3', resource: 'b', region: '', account: '' }),
    });
    const outputs = JSON.parse(Testing.synth(stack)).output;
    expect(outputs.catalog.value).toMatch(
      /^arn:\$\{data\.aws_partition\.\w+\.partition\}:glue:\$\{data\.aws_region\.\w+\.name\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:catalog$/,
    );
    expect(outputs.bucket.value).toMatch(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:s3:::b$/);
  });
});

describe('SecureBucket', () => {
  test('has every security default on', () => {
    const stack = newStack();
    new SecureBucket(stack, 'Warehouse', { bucketPrefix: 'icelog-dev-' });
    const json = synth(stack);
    const bucket = only(json.resource.aws_s3_bucket);
    expect(bucket).toMatchObject({ bucket_prefix: 'icelog-dev-', force_destroy: false });
    expect(bucket.bucket).toBeUndefined();
    expect(only(json.resource.aws_s3_bucket_public_access_block)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json.resource.aws_s3_bucket_ownership_controls).rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    expect(only(json.resource.aws_s3_bucket_server_side_encryption_configuration).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    const lifecycle = only(json.resource.aws_s3_bucket_lifecycle_configuration);
    expect(lifecycle.rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    expect(json.resource.aws_s3_bucket_versioning).toBeUndefined();
    const policyDoc = Object.values(json.data.aws_iam_policy_document)[0] as any;
    expect(policyDoc.statement[0]).toMatchObject({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      actions: ['s3:*'],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(only(json.resource.aws_s3_bucket_policy).depends_on).toHaveLength(1);
  });

  test('KMS encryption, versioning and prefix expiry', () => {
    const stack = newStack();
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    new SecureBucket(stack, 'B', {
      bucketName: 'icelog-prod-warehouse',
      encryption: { kind: 'KMS', kmsKeyArn },
      versioned: true,
      prefixExpirations: [{ id: 'expire-errors', prefix: 'errors/', days: 30 }],
    });
    const json = synth(stack);
    expect(only(json.resource.aws_s3_bucket).bucket).toBe('icelog-prod-warehouse');
    expect(only(json.resource.aws_s3_bucket_server_side_encryption_configuration).rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: kmsKeyArn },
        bucket_key_enabled: true,
      },
    ]);
    expect(only(json.resource.aws_s3_bucket_versioning).versioning_configuration).toEqual({
      status: 'Enabled',
    });
    expect(only(json.resource.aws_s3_bucket_lifecycle_configuration).rule[1]).toEqual({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      expiration: [{ expired_object_delete_marker: true }],
    });
    expect(only(json.resource.aws_s3_bucket_lifecycle_configuration).rule[2]).toEqual({
      id: 'expire-errors',
      status: 'Enabled',
      filter: [{ prefix: 'errors/' }],
      expiration: [{ days: 30 }],
    });
  });

  test('noncurrent versions expire after the configured days; unversioned buckets get no such rule', () => {
    const stack = newStack();
    new SecureBucket(stack, 'V', { versioned: true, noncurrentVersionExpirationDays: 7 });
    new SecureBucket(stack, 'U');
    const rules = Object.values(synth(stack).resource.aws_s3_bucket_lifecycle_configuration).map((c: any) =>
      c.rule.map((r: any) => [r.id, r.noncurrent_version_expiration]),
    );
    // Synthesized resources are sorted by logical id: U before V.
    expect(rules).toEqual([
      [['abort-incomplete-multipart-uploads', undefined]],
      [
        ['abort-incomplete-multipart-uploads', undefined],
        ['expire-noncurrent-versions', [{ noncurrent_days: 7 }]],
      ],
    ]);
  });

  test.each([
    [
      { noncurrentVersionExpirationDays: 7 },
      'Invalid B.noncurrentVersionExpirationDays: must only be set together with versioned: true (an unversioned bucket has no noncurrent versions). Received: 7',
    ],
    [
      { versioned: true, noncurrentVersionExpirationDays: 0 },
      'Invalid B.noncurrentVersionExpirationDays: must be an integer from 1 to 36500 (days). Received: 0',
    ],
    [
      { bucketName: 'a' },
      'Invalid B.bucketName: S3 bucket names must be 3–63 characters long. Received: "a"',
    ],
    [
      { bucketName: 'abc', bucketPrefix: 'abc' },
      'Invalid B.bucketPrefix: must not be set together with bucketName. Received: "abc"',
    ],
    [{ encryption: { kind: 'KMS', kmsKeyArn: '' } }, 'Invalid B.encryption.kmsKeyArn: must be a KMS key ARN'],
    [
      { abortIncompleteMultipartUploadDays: 0 },
      'Invalid B.abortIncompleteMultipartUploadDays: must be an integer from 1 to 365 (days). Received: 0',
    ],
    [
      { prefixExpirations: [{ id: 'x', prefix: 'errors', days: 1 }] },
      'Invalid B.prefixExpirations[0].prefix: must be a relative S3 key prefix',
    ],
    [
      { prefixExpirations: [{ id: 'x', prefix: 'e/', days: 0 }] },
      'Invalid B.prefixExpirations[0].days: must be an integer from 1 to 36500 (days). Received: 0',
    ],
    [
      { prefixExpirations: [{ id: 'abort-incomplete-multipart-uploads', prefix: 'e/', days: 1 }] },
      "must be unique among the bucket's lifecycle rules",
    ],
  ])('rejects %j', (props, message) => {
    expect(() => new SecureBucket(newStack(), 'B', props as never)).toThrow(message);
  });
});

describe('Role', () => {
  test('trusts one service with conditions and attaches named inline policies', () => {
    const stack = newStack();
    const role = new Role(stack, 'FirehoseRole', {
      assumedBy: {
        service: 'firehose.amazonaws.com',
        conditions: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['123'] }],
      },
      description: 'test',
    });
    role.addToPolicy('write', [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] }]);
    const json = synth(stack);
    const iamRole = only(json.resource.aws_iam_role);
    expect(iamRole.name_prefix).toBe('icelog-');
    const docs = Object.values(json.data.aws_iam_policy_document) as any[];
    const trust = docs.find((d) => d.statement[0].actions[0] === 'sts:AssumeRole');
    expect(trust.statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['firehose.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['123'] }],
      },
    ]);
    const policy = only(json.resource.aws_iam_role_policy);
    expect(policy.name).toBe('write');
    expect(policy.role).toMatch(/aws_iam_role\.\w+\.name/);
  });

  test('rejects a duplicate policy name, wildcard actions and bad names', () => {
    const stack = newStack();
    const role = new Role(stack, 'R', { assumedBy: { service: 'ecs-tasks.amazonaws.com' } });
    role.addToPolicy('p', [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }]);
    expect(() => role.addToPolicy('p', [{ actions: ['s3:GetObject'], resources: ['x'] }])).toThrow(
      'Invalid policyName: must be unique per role; "p" is already attached. Received: "p"',
    );
    expect(() => role.addToPolicy('q', [{ actions: ['s3:*'], resources: ['x'] }])).toThrow(
      'Invalid qDocument.statements[0].actions: must name actions; wildcards ("*", "service:*") are not allowed. Received: "s3:*"',
    );
    expect(() => role.addToPolicy('r', [{ actions: ['s3:GetObject'], resources: [] }])).toThrow(
      'must list at least one resource ARN',
    );
    expect(() => new Role(stack, 'S', { assumedBy: { service: '*' } })).toThrow(
      'Invalid TrustPolicy.service: must be one AWS service principal such as "firehose.amazonaws.com". Received: "*"',
    );
    expect(
      () =>
        new Role(stack, 'T', { assumedBy: { service: 'ecs-tasks.amazonaws.com' }, roleName: 'x'.repeat(65) }),
    ).toThrow('Invalid T.roleName: must be 1–64 characters');
  });

  test('imported roles accept grants', () => {
    const stack = newStack();
    const role = Role.fromRoleName(stack, 'Imported', 'existing', 'arn:aws:iam::111122223333:role/existing');
    role.addToPolicy('p', [{ actions: ['firehose:PutRecordBatch'], resources: ['arn:x'] }]);
    expect(only(synth(stack).resource.aws_iam_role_policy).role).toBe('existing');
  });
});

describe('RetainedLogGroup', () => {
  test('defaults to 30 days and validates retention', () => {
    const stack = newStack();
    new RetainedLogGroup(stack, 'Logs', { logGroupName: '/icelog/dev/firehose' });
    expect(only(synth(stack).resource.aws_cloudwatch_log_group)).toMatchObject({
      name: '/icelog/dev/firehose',
      retention_in_days: 30,
    });
    expect(() => new RetainedLogGroup(stack, 'Bad', { logGroupName: 'x', retentionInDays: 0 })).toThrow(
      'Invalid Bad.retentionInDays: must be one of 1, 3, 5',
    );
    expect(() => new RetainedLogGroup(stack, 'Bad2', { logGroupName: 'a b' })).toThrow(
      'Invalid Bad2.logGroupName',
    );
  });
});

describe('setUnmodelledAttribute', () => {
  test('writes the raw attribute and requires a reason', () => {
    const stack = newStack();
    const group = new RetainedLogGroup(stack, 'Logs', { logGroupName: 'x' });
    setUnmodelledAttribute(group.resource, 'log_group_class', 'STANDARD', 'test');
    expect(only(synth(stack).resource.aws_cloudwatch_log_group).log_group_class).toBe('STANDARD');
    expect(() => setUnmodelledAttribute(group.resource, 'a', 1, ' ')).toThrow('a reason is required');
  });
});

describe('suppressGuardrail', () => {
  test('records id and reason under the resource comment key, next to cdktf metadata', () => {
    const stack = newStack();
    const group = new RetainedLogGroup(stack, 'Logs', { logGroupName: 'x' });
    suppressGuardrail(
      group.resource,
      'CKV_AWS_158',
      'Log events hold no secrets; AWS-owned encryption suffices.',
    );
    suppressGuardrail(group.resource, 'CKV_AWS_66', 'Second suppression to check the list grows in order.');
    const block = only(synthesizeWithMetadata(stack).resource.aws_cloudwatch_log_group);
    expect(block['//'].guardrails.suppressions).toEqual([
      { id: 'CKV_AWS_158', reason: 'Log events hold no secrets; AWS-owned encryption suffices.' },
      { id: 'CKV_AWS_66', reason: 'Second suppression to check the list grows in order.' },
    ]);
    expect(block['//'].metadata.path).toBe('test/Logs/LogGroup');
  });

  test('requires a rule id, a real reason and no duplicates', () => {
    const group = new RetainedLogGroup(newStack(), 'Logs', { logGroupName: 'x' });
    expect(() => suppressGuardrail(group.resource, 'bad id', 'a long enough reason here')).toThrow(
      'is not a rule id',
    );
    expect(() => suppressGuardrail(group.resource, 'CKV_AWS_66', 'short')).toThrow('at least 20 characters');
    suppressGuardrail(group.resource, 'CKV_AWS_66', 'a long enough reason here');
    expect(() => suppressGuardrail(group.resource, 'CKV_AWS_66', 'a long enough reason here')).toThrow(
      'already suppressed',
    );
  });
});
