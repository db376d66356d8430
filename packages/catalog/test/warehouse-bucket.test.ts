import { TerraformOutput, TerraformVariable } from 'cdktf';
import { blocksOf, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import { WarehouseBucket, WarehouseBucketProps } from '../src';
import { PARTITION, pattern, refOf } from './support';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synthWarehouse(props?: WarehouseBucketProps) {
  const stack = newTestStack();
  const warehouse = new WarehouseBucket(stack, 'Warehouse', props);
  return { stack, warehouse, synth: synthesize(stack) };
}

describe('WarehouseBucket defaults', () => {
  test('a secure bucket named from the icelog-warehouse- prefix, forceDestroy off', () => {
    const { synth } = synthWarehouse();
    const bucket = onlyBlock(synth.resource, 'aws_s3_bucket');
    expect(bucket.bucket_prefix).toBe('icelog-warehouse-');
    expect(bucket.bucket).toBeUndefined();
    expect(bucket.force_destroy).toBe(false);
  });

  test('composes SecureBucket: SSE-S3, all public access blocked, ACLs off, TLS-only policy', () => {
    const { synth } = synthWarehouse();
    expect(
      onlyBlock(synth.resource, 'aws_s3_bucket_server_side_encryption_configuration').rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
    expect(onlyBlock(synth.resource, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyBlock(synth.resource, 'aws_s3_bucket_ownership_controls').rule.object_ownership).toBe(
      'BucketOwnerEnforced',
    );
    expect(blocksOf(synth.resource, 'aws_s3_bucket_policy')).not.toEqual({});
  });

  test('no versioning and no expiry: only the abort-multipart rule', () => {
    const { synth } = synthWarehouse();
    expect(blocksOf(synth.resource, 'aws_s3_bucket_versioning')).toEqual({});
    const rules = onlyBlock(synth.resource, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules.map((r: any) => r.id)).toEqual(['abort-incomplete-multipart-uploads']);
    expect(rules.some((r: any) => r.expiration !== undefined)).toBe(false);
  });

  test('layout attributes and locations', () => {
    const stack = newTestStack();
    const w = new WarehouseBucket(stack, 'Warehouse');
    expect(w.tablesPrefix).toBe('warehouse/');
    expect(w.errorOutputPrefix).toBe('errors/');
    expect(w.kmsKeyArn).toBeUndefined();
    expect(w.errorOutputExpirationDays).toBeUndefined();
    new TerraformOutput(stack, 'db', { value: w.databaseLocation('icelog_dev') });
    new TerraformOutput(stack, 'table', { value: w.tableLocation('icelog_dev', 'request_200') });
    new TerraformOutput(stack, 'name', { value: w.bucketName });
    new TerraformOutput(stack, 'arn', { value: w.bucketArn });
    const synth = synthesize(stack);
    const bucket = refOf(synth, 'aws_s3_bucket', 'bucket');
    expect(synth.output.db.value).toBe(`s3://${bucket}/warehouse/icelog_dev`);
    expect(synth.output.table.value).toBe(`s3://${bucket}/warehouse/icelog_dev/request_200`);
    expect(synth.output.name.value).toBe(bucket);
    expect(synth.output.arn.value).toBe(refOf(synth, 'aws_s3_bucket', 'arn'));
  });
});

describe('WarehouseBucket options', () => {
  test('exact name, versioning and forceDestroy for throw-away environments', () => {
    const { synth } = synthWarehouse({ bucketName: 'acme-icelog-dev', versioned: true, forceDestroy: true });
    const bucket = onlyBlock(synth.resource, 'aws_s3_bucket');
    expect(bucket.bucket).toBe('acme-icelog-dev');
    expect(bucket.bucket_prefix).toBeUndefined();
    expect(bucket.force_destroy).toBe(true);
    expect(onlyBlock(synth.resource, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe(
      'Enabled',
    );
  });

  test('custom bucket prefix', () => {
    const { synth } = synthWarehouse({ bucketPrefix: 'acme-lake-' });
    expect(onlyBlock(synth.resource, 'aws_s3_bucket').bucket_prefix).toBe('acme-lake-');
  });

  test('KMS encryption with a customer-managed key and Bucket Keys', () => {
    const { synth, warehouse } = synthWarehouse({ encryption: { kind: 'KMS', kmsKeyArn: KEY } });
    const rule = onlyBlock(synth.resource, 'aws_s3_bucket_server_side_encryption_configuration').rule[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: KEY,
    });
    expect(rule.bucket_key_enabled).toBe(true);
    expect(warehouse.kmsKeyArn).toBe(KEY);
  });

  test('error-output expiry applies to the error prefix only, never to table data', () => {
    const { synth, warehouse } = synthWarehouse({ errorOutputExpirationDays: 14 });
    const rules = onlyBlock(synth.resource, 'aws_s3_bucket_lifecycle_configuration').rule;
    const expiring = rules.filter((r: any) => r.expiration !== undefined);
    expect(expiring).toEqual([
      {
        id: 'expire-error-output',
        status: 'Enabled',
        filter: [{ prefix: 'errors/' }],
        expiration: [{ days: 14 }],
      },
    ]);
    expect(JSON.stringify(rules)).not.toContain('warehouse/');
    expect(warehouse.errorOutputExpirationDays).toBe(14);
  });

  test('custom prefixes move both the layout and the expiry', () => {
    const { synth, warehouse } = synthWarehouse({
      tablesPrefix: 'lake/tables/',
      errorOutputPrefix: 'lake/failed/',
      errorOutputExpirationDays: 30,
    });
    const rules = onlyBlock(synth.resource, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules[1].filter).toEqual([{ prefix: 'lake/failed/' }]);
    expect(warehouse.tableLocation('db', 't')).toMatch(/\/lake\/tables\/db\/t$/);
  });
});

describe('WarehouseBucket grants', () => {
  test('readWriteStatements: Iceberg writer actions on the whole bucket (tables and error output)', () => {
    const { warehouse } = synthWarehouse();
    const [s3, ...rest] = warehouse.readWriteStatements();
    expect(rest).toEqual([]);
    expect(s3.sid).toBe('WarehouseBucketAccess');
    expect(s3.resources).toEqual([warehouse.bucketArn, `${warehouse.bucketArn}/*`]);
    expect(s3.actions).toContain('s3:PutObject');
  });

  test('readWriteStatements with a KMS bucket adds the key through S3', () => {
    const { warehouse } = synthWarehouse({ encryption: { kind: 'KMS', kmsKeyArn: KEY } });
    const kms = warehouse.readWriteStatements()[1];
    expect(kms).toMatchObject({ sid: 'WarehouseBucketKey', resources: [KEY] });
    expect(kms.conditions?.[0].variable).toBe('kms:ViaService');
  });
});

describe('WarehouseBucket.fromBucketAttributes', () => {
  test('derives the ARN from the stack partition and creates nothing', () => {
    const stack = newTestStack();
    const w = WarehouseBucket.fromBucketAttributes(stack, 'Existing', { bucketName: 'acme-lake' });
    new TerraformOutput(stack, 'arn', { value: w.bucketArn });
    new TerraformOutput(stack, 'loc', { value: w.tableLocation('db', 't') });
    const synth = synthesize(stack);
    expect(synth.resource).toEqual({});
    expect(synth.output.arn.value).toMatch(pattern('arn:', PARTITION, ':s3:::acme-lake'));
    expect(synth.output.loc.value).toBe('s3://acme-lake/warehouse/db/t');
    expect(w.kmsKeyArn).toBeUndefined();
  });

  test('keeps given ARN, key and prefixes', () => {
    const stack = newTestStack();
    const w = WarehouseBucket.fromBucketAttributes(stack, 'Existing', {
      bucketName: 'acme-lake',
      bucketArn: 'arn:aws-cn:s3:::acme-lake',
      kmsKeyArn: KEY,
      tablesPrefix: 'iceberg/',
      errorOutputPrefix: 'failed/',
    });
    expect(w.bucketArn).toBe('arn:aws-cn:s3:::acme-lake');
    expect(w.databaseLocation('db')).toBe('s3://acme-lake/iceberg/db');
    expect(w.errorOutputPrefix).toBe('failed/');
    expect(w.readWriteStatements()[1].resources).toEqual([KEY]);
  });

  test('validates name, key and prefixes', () => {
    const stack = newTestStack();
    expect(() => WarehouseBucket.fromBucketAttributes(stack, 'A', { bucketName: 'Acme' })).toThrow(
      'Invalid A.bucketName: S3 bucket names may contain only lower-case letters, digits, dots and hyphens. Received: "Acme"',
    );
    expect(() =>
      WarehouseBucket.fromBucketAttributes(stack, 'B', { bucketName: 'acme', kmsKeyArn: 'alias/lake' }),
    ).toThrow(
      'Invalid B.kmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "alias/lake"',
    );
    expect(() =>
      WarehouseBucket.fromBucketAttributes(stack, 'C', {
        bucketName: 'acme',
        errorOutputPrefix: 'warehouse/',
      }),
    ).toThrow(
      'Invalid C.errorOutputPrefix: must not overlap tablesPrefix "warehouse/" (neither may start with the other), so that error-output expiry can never delete table data. Received: "warehouse/"',
    );
  });
});

describe('WarehouseBucket validation', () => {
  const build = (props: WarehouseBucketProps) => () =>
    new WarehouseBucket(newTestStack(), 'Warehouse', props);

  test('bucket naming', () => {
    expect(build({ bucketName: 'acme-lake', bucketPrefix: 'acme-' })).toThrow(
      'Invalid Warehouse.bucketPrefix: must not be set together with bucketName. Received: "acme-"',
    );
    expect(build({ bucketName: 'ab' })).toThrow(
      'Invalid Warehouse.bucketName: S3 bucket names must be 3–63 characters long. Received: "ab"',
    );
    expect(build({ bucketPrefix: 'Acme-' })).toThrow(
      'Invalid Warehouse.bucketPrefix: must be 1–37 characters of [a-z0-9.-] starting with a letter or digit (Terraform appends 26 characters). Received: "Acme-"',
    );
  });

  test('KMS key must be a key ARN, not an alias', () => {
    expect(
      build({ encryption: { kind: 'KMS', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/lake' } }),
    ).toThrow(
      'Invalid Warehouse.encryption.kmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "arn:aws:kms:eu-west-1:111122223333:alias/lake"',
    );
  });

  test('prefixes are relative, end in "/", are literal and do not overlap', () => {
    expect(build({ tablesPrefix: '/warehouse/' })).toThrow(
      `Invalid Warehouse.tablesPrefix: must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*'()-/=:). Received: "/warehouse/"`,
    );
    expect(build({ errorOutputPrefix: 'errors' })).toThrow(
      `Invalid Warehouse.errorOutputPrefix: must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*'()-/=:). Received: "errors"`,
    );
    expect(build({ errorOutputPrefix: 'errors/!{firehose:error-output-type}/' })).toThrow(
      'Invalid Warehouse.errorOutputPrefix: must be a literal prefix without Firehose !{…} expressions (lifecycle rules and IAM policies match it literally). Received: "errors/!{firehose:error-output-type}/"',
    );
    expect(build({ tablesPrefix: 'data/', errorOutputPrefix: 'data/errors/' })).toThrow(
      'Invalid Warehouse.errorOutputPrefix: must not overlap tablesPrefix "data/" (neither may start with the other), so that error-output expiry can never delete table data. Received: "data/errors/"',
    );
    expect(build({ tablesPrefix: 'data/tables/', errorOutputPrefix: 'data/' })).toThrow(
      'Invalid Warehouse.errorOutputPrefix: must not overlap tablesPrefix "data/tables/" (neither may start with the other), so that error-output expiry can never delete table data. Received: "data/"',
    );
  });

  test('error-output expiry is 1–36500 whole days', () => {
    expect(build({ errorOutputExpirationDays: 0 })).toThrow(
      'Invalid Warehouse.errorOutputExpirationDays: must be an integer from 1 to 36500 (days). Received: 0',
    );
    expect(build({ errorOutputExpirationDays: 36501 })).toThrow(
      'Invalid Warehouse.errorOutputExpirationDays: must be an integer from 1 to 36500 (days). Received: 36501',
    );
    expect(build({ errorOutputExpirationDays: 1.5 })).toThrow(
      'Invalid Warehouse.errorOutputExpirationDays: must be an integer from 1 to 36500 (days). Received: 1.5',
    );
    expect(build({ errorOutputExpirationDays: 36500 })).not.toThrow();
  });

  test('unresolved tokens are not validated at synth time', () => {
    const stack = newTestStack();
    const name = new TerraformVariable(stack, 'bucket', { type: 'string' }).stringValue;
    const days = new TerraformVariable(stack, 'days', { type: 'number' }).numberValue;
    const w = new WarehouseBucket(stack, 'Warehouse', { bucketName: name, errorOutputExpirationDays: days });
    const synth = synthesize(stack);
    expect(onlyBlock(synth.resource, 'aws_s3_bucket').bucket).toBe('${var.bucket}');
    expect(w.bucketName).toBeDefined();
  });
});
