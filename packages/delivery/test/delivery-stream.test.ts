import { TerraformOutput, TerraformStack, Testing, Token } from 'cdktf';
import { SecureBucket } from '@icelog/core';
import { blocksOf, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IcebergDeliveryStream } from '../src';
import {
  KEY_ARN,
  OTHER_KEY_ARN,
  baseProps,
  database,
  databaseIn,
  newStream,
  policyStatements,
  ref,
  routingFor,
  synthStream,
  table,
} from './fixtures';

describe('Iceberg destination', () => {
  test('writes to the Glue catalog of the database with the role, FailedDataOnly and AWS defaults', () => {
    const { json, firehose } = synthStream();
    expect(firehose.name).toBe('icelog-dev');
    expect(firehose.destination).toBe('iceberg');
    const iceberg = firehose.iceberg_configuration;
    expect(iceberg.catalog_arn).toBe('arn:aws:glue:eu-west-1:111122223333:catalog');
    expect(iceberg.role_arn).toBe(ref(json, 'aws_iam_role', 'arn'));
    expect(iceberg.s3_backup_mode).toBe('FailedDataOnly');
    expect(iceberg.buffering_interval).toBe(300);
    expect(iceberg.buffering_size).toBe(5);
    expect(iceberg.retry_duration).toBe(300);
    expect(iceberg.destination_table_configuration).toEqual([
      { database_name: 'icelog', table_name: 'request_200' },
    ]);
    expect(iceberg.processing_configuration).toBeUndefined();
  });

  test('failed records go to the warehouse bucket under errors/, unencrypted by KMS for an SSE-S3 bucket', () => {
    const { json, firehose } = synthStream();
    const s3 = firehose.iceberg_configuration.s3_configuration;
    expect(s3.bucket_arn).toBe('arn:aws:s3:::icelog-dev-warehouse');
    expect(s3.role_arn).toBe(ref(json, 'aws_iam_role', 'arn'));
    expect(s3.error_output_prefix).toBe('errors/');
    expect(s3.kms_key_arn).toBeUndefined();
    expect(s3.prefix).toBeUndefined();
  });

  test('a custom error prefix (also with the error-output-type expression) is used as given', () => {
    expect(
      synthStream({ errorOutputPrefix: 'failed/' }).firehose.iceberg_configuration.s3_configuration
        .error_output_prefix,
    ).toBe('failed/');
    const expression = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';
    expect(
      synthStream({ errorOutputPrefix: expression }).firehose.iceberg_configuration.s3_configuration
        .error_output_prefix,
    ).toBe(expression);
  });

  test('with routing, lists only the tables that need unique keys or their own error prefix', () => {
    const { firehose } = synthStream({
      tables: [
        { table: table('request_200') },
        {
          table: table('request_404'),
          uniqueKeys: ['request', 'time_local'],
          errorOutputPrefix: 'errors/404/',
        },
        { table: table('request_500'), errorOutputPrefix: 'errors/500/' },
      ],
      routing: routingFor('request_200', 'request_404', 'request_500'),
    });
    expect(firehose.iceberg_configuration.destination_table_configuration).toEqual([
      {
        database_name: 'icelog',
        table_name: 'request_404',
        unique_keys: ['request', 'time_local'],
        s3_error_output_prefix: 'errors/404/',
      },
      { database_name: 'icelog', table_name: 'request_500', s3_error_output_prefix: 'errors/500/' },
    ]);
  });

  test('with routing and plain tables, lists none (the block is ForceNew: a routed status must not replace the stream)', () => {
    const { json, firehose } = synthStream({
      tables: [{ table: table('request_200') }, { table: table('request_404') }],
      routing: routingFor('request_200', 'request_404'),
    });
    expect(firehose.iceberg_configuration.destination_table_configuration).toBeUndefined();
    // The role still names each table's exact ARN.
    expect(JSON.stringify(json.data.aws_iam_policy_document)).toContain('table/icelog/request_404');
  });

  test('without routing, lists every table (Firehose needs it to pick the table)', () => {
    const { firehose } = synthStream({ tables: [{ table: table('request_200') }] });
    expect(firehose.iceberg_configuration.destination_table_configuration).toEqual([
      { database_name: 'icelog', table_name: 'request_200' },
    ]);
  });

  test('passes the routing processing configuration through unchanged', () => {
    const { firehose } = synthStream({ routing: routingFor('request_200') });
    expect(firehose.iceberg_configuration.processing_configuration).toEqual({
      enabled: true,
      processors: [
        {
          type: 'MetadataExtraction',
          parameters: [
            { parameter_name: 'JsonParsingEngine', parameter_value: 'JQ-1.6' },
            {
              parameter_name: 'MetadataExtractionQuery',
              parameter_value:
                '{destinationDatabaseName: "icelog", destinationTableName: "request_200", operation: "insert"}',
            },
          ],
        },
      ],
    });
  });

  test('depends on every inline policy of its role, so Firehose sees its permissions at creation', () => {
    const { json, firehose } = synthStream();
    const policies = Object.keys(json.resource.aws_iam_role_policy).map((id) => `aws_iam_role_policy.${id}`);
    expect(policies).toHaveLength(3);
    expect([...firehose.depends_on].sort()).toEqual(policies.sort());
  });

  test('Direct PUT: no Kinesis source and no Kinesis stream', () => {
    const { json, firehose, stream } = synthStream();
    expect(firehose.kinesis_source_configuration).toBeUndefined();
    expect(blocksOf(json.resource, 'aws_kinesis_stream')).toEqual({});
    expect(stream.sourceStream).toBeUndefined();
    expect(stream.producerTarget.kind).toBe('firehose');
  });

  test('exposes the name, ARN, region, prefix and buffering in effect', () => {
    const { stack, stream } = newStream();
    expect(Token.isUnresolved(stream.deliveryStreamName)).toBe(true);
    expect(Token.isUnresolved(stream.deliveryStreamArn)).toBe(true);
    new TerraformOutput(stack, 'name', { value: stream.deliveryStreamName });
    new TerraformOutput(stack, 'arn', { value: stream.deliveryStreamArn });
    const { output } = synthesize(stack);
    expect(output.name.value).toBe(
      '${aws_kinesis_firehose_delivery_stream.Delivery_DeliveryStream_59941FF5.name}',
    );
    expect(output.arn.value).toBe(
      '${aws_kinesis_firehose_delivery_stream.Delivery_DeliveryStream_59941FF5.arn}',
    );
    expect(stream.region).toBe('eu-west-1');
    expect(stream.errorOutputPrefix).toBe('errors/');
    expect(stream.buffering).toEqual({ intervalSeconds: 300, sizeMiB: 5 });
  });

  test('keeps stable Terraform logical ids', () => {
    const json = synthesize(newStream().stack);
    expect(Object.keys(json.resource.aws_kinesis_firehose_delivery_stream)).toEqual([
      'Delivery_DeliveryStream_59941FF5',
    ]);
    expect(Object.keys(json.resource.aws_iam_role)).toEqual(['Delivery_Role_A8900B86']);
    expect(Object.keys(json.resource.aws_cloudwatch_log_group)).toEqual(['Delivery_LogGroup_A7B038C5']);
  });
});

describe('warehouse encryption', () => {
  test('a KMS SecureBucket gives its key to the error output and to the role, through S3 only', () => {
    const stack = newTestStack();
    const bucket = new SecureBucket(stack, 'Warehouse', { encryption: { kind: 'KMS', kmsKeyArn: KEY_ARN } });
    new IcebergDeliveryStream(stack, 'Delivery', { ...baseProps(), warehouse: bucket });
    const json = synthesize(stack);
    const firehose = onlyBlock(json.resource, 'aws_kinesis_firehose_delivery_stream');
    expect(firehose.iceberg_configuration.s3_configuration.kms_key_arn).toBe(KEY_ARN);
    const [, key] = policyStatements(json, 'WarehouseBucket');
    expect(key.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(key.resources).toEqual([KEY_ARN]);
    expect(key.condition).toEqual([
      {
        test: 'StringEquals',
        variable: 'kms:ViaService',
        // Partition-aware: amazonaws.com in aws, amazonaws.com.cn in aws-cn.
        values: [
          's3.${data.aws_region.IcelogAwsContext_Region_2DD2EAB6.name}.${data.aws_partition.IcelogAwsContext_Partition_FD27A81D.dns_suffix}',
        ],
      },
    ]);
  });

  test('warehouseKmsKeyArn names the key of a bucket that does not report one', () => {
    const { json, firehose } = synthStream({ warehouseKmsKeyArn: OTHER_KEY_ARN });
    expect(firehose.iceberg_configuration.s3_configuration.kms_key_arn).toBe(OTHER_KEY_ARN);
    expect(policyStatements(json, 'WarehouseBucket')[1].resources).toEqual([OTHER_KEY_ARN]);
  });

  test('warehouseKmsKeyArn must not contradict the key the bucket reports', () => {
    expect(() =>
      newStream({
        warehouse: { ...baseProps().warehouse, encryption: { kind: 'KMS', kmsKeyArn: KEY_ARN } },
        warehouseKmsKeyArn: OTHER_KEY_ARN,
      }),
    ).toThrow(
      `Invalid Delivery.warehouseKmsKeyArn: must be the key the warehouse bucket reports ("${KEY_ARN}"), or be left out to use it. Received: "${OTHER_KEY_ARN}"`,
    );
  });

  test('an SSE-S3 bucket gets no KMS statement', () => {
    const stack = newTestStack();
    const bucket = new SecureBucket(stack, 'Warehouse');
    new IcebergDeliveryStream(stack, 'Delivery', { ...baseProps(), warehouse: bucket });
    const statements = policyStatements(synthesize(stack), 'WarehouseBucket');
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements)).not.toContain('kms:');
  });
});

describe('error logging', () => {
  test('is always on, to two log streams of a retained /aws/kinesisfirehose/<name> log group', () => {
    const { json, firehose } = synthStream();
    const group = onlyBlock(json.resource, 'aws_cloudwatch_log_group');
    expect(group).toEqual({ name: '/aws/kinesisfirehose/icelog-dev', retention_in_days: 30 });
    const streams = Object.values(json.resource.aws_cloudwatch_log_stream).map((s: any) => s.name);
    expect(streams.sort()).toEqual(['BackupDelivery', 'DestinationDelivery']);
    for (const stream of Object.values(json.resource.aws_cloudwatch_log_stream) as any[]) {
      expect(stream.log_group_name).toBe(ref(json, 'aws_cloudwatch_log_group', 'name'));
    }
    const streamRef = (name: string) => {
      const id = Object.entries(json.resource.aws_cloudwatch_log_stream).find(
        ([, s]: any) => s.name === name,
      )![0];
      return `\${aws_cloudwatch_log_stream.${id}.name}`;
    };
    expect(firehose.iceberg_configuration.cloudwatch_logging_options).toEqual({
      enabled: true,
      log_group_name: ref(json, 'aws_cloudwatch_log_group', 'name'),
      log_stream_name: streamRef('DestinationDelivery'),
    });
    expect(firehose.iceberg_configuration.s3_configuration.cloudwatch_logging_options).toEqual({
      enabled: true,
      log_group_name: ref(json, 'aws_cloudwatch_log_group', 'name'),
      log_stream_name: streamRef('BackupDelivery'),
    });
  });

  test('retention and log encryption are configurable', () => {
    const { json } = synthStream({ logRetentionDays: 7, logGroupKmsKeyArn: KEY_ARN });
    expect(onlyBlock(json.resource, 'aws_cloudwatch_log_group')).toEqual({
      name: '/aws/kinesisfirehose/icelog-dev',
      retention_in_days: 7,
      kms_key_id: KEY_ARN,
    });
  });
});

describe('server-side encryption (Direct PUT)', () => {
  test('is on with the AWS-owned key by default', () => {
    expect(synthStream().firehose.server_side_encryption).toEqual({
      enabled: true,
      key_type: 'AWS_OWNED_CMK',
    });
  });

  test('uses a customer-managed key when given one', () => {
    const { firehose } = synthStream({ encryption: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: KEY_ARN } });
    expect(firehose.server_side_encryption).toEqual({
      enabled: true,
      key_type: 'CUSTOMER_MANAGED_CMK',
      key_arn: KEY_ARN,
    });
  });

  test('rejects a CMK without a key ARN, a key ARN with the AWS-owned key, an alias and an unknown key type', () => {
    expect(() => newStream({ encryption: { keyType: 'CUSTOMER_MANAGED_CMK' } })).toThrow(
      'Invalid Delivery.encryption.keyArn: is required when keyType is "CUSTOMER_MANAGED_CMK" (name the customer-managed key, or use keyType "AWS_OWNED_CMK"). Received: undefined',
    );
    const keyElsewhere = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(() =>
      newStream({ encryption: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: keyElsewhere } }),
    ).toThrow(
      `Invalid Delivery.encryption.keyArn: must be in the stack's region "eu-west-1", not "eu-central-1": AWS KMS keys are regional`,
    );
    expect(() => newStream({ encryption: { keyType: 'AWS_OWNED_CMK', keyArn: KEY_ARN } })).toThrow(
      `Invalid Delivery.encryption.keyArn: must not be set when keyType is "AWS_OWNED_CMK" (Firehose rejects a key ARN for its own key; use keyType "CUSTOMER_MANAGED_CMK"). Received: "${KEY_ARN}"`,
    );
    expect(() =>
      newStream({
        encryption: {
          keyType: 'CUSTOMER_MANAGED_CMK',
          keyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/icelog',
        },
      }),
    ).toThrow(
      'Invalid Delivery.encryption.keyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "arn:aws:kms:eu-west-1:111122223333:alias/icelog"',
    );
    expect(() => newStream({ encryption: { keyType: 'AWS_MANAGED_CMK' as 'AWS_OWNED_CMK' } })).toThrow(
      'Invalid Delivery.encryption.keyType: must be "AWS_OWNED_CMK" or "CUSTOMER_MANAGED_CMK". Received: "AWS_MANAGED_CMK"',
    );
  });
});

describe('retry duration', () => {
  test('accepts 0 and 7200 seconds', () => {
    expect(synthStream({ retryDurationSeconds: 0 }).firehose.iceberg_configuration.retry_duration).toBe(0);
    expect(synthStream({ retryDurationSeconds: 7200 }).firehose.iceberg_configuration.retry_duration).toBe(
      7200,
    );
  });

  test.each([-1, 7201, 1.5])('rejects %p', (value) => {
    expect(() => newStream({ retryDurationSeconds: value })).toThrow(
      `Invalid Delivery.retryDurationSeconds: must be an integer from 0 to 7200 (seconds). Received: ${value}`,
    );
  });
});

describe('region', () => {
  test.each([
    ['cn-north-1', 'China ("cn-*")'],
    ['cn-northwest-1', 'China ("cn-*")'],
    ['us-gov-west-1', 'AWS GovCloud (US) ("us-gov-*")'],
    ['us-gov-east-1', 'AWS GovCloud (US) ("us-gov-*")'],
    ['ap-southeast-5', 'Asia Pacific (Malaysia) ("ap-southeast-5")'],
  ])('rejects %s, which has no Iceberg destination', (region, family) => {
    expect(() => newStream({ region })).toThrow(
      `Invalid Delivery.region: must be a region where Firehose offers the Apache Iceberg destination, which ${family} lacks. Received: "${region}"`,
    );
  });

  test.each(['us-east-1', 'eu-central-1', 'ap-southeast-2', 'ap-southeast-1'])('accepts %s', (region) => {
    expect(() => newStream({ region })).not.toThrow();
  });

  test('rejects a malformed region and a token', () => {
    expect(() => newStream({ region: 'eu-west1' }, 'eu-west-1')).toThrow(
      'Invalid Delivery.region: must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core). Received: "eu-west1"',
    );
    expect(() => newStream({ region: 'moon-base-1' }, 'eu-west-1')).toThrow(
      'Invalid Delivery.region: must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core). Received: "moon-base-1"',
    );
    const stack = newTestStack();
    const token = Token.asString({ Ref: 'region' });
    expect(() => new IcebergDeliveryStream(stack, 'Delivery', { ...baseProps(), region: token })).toThrow(
      'Invalid Delivery.region: must be a literal region name such as "eu-west-1", not a token (the quota and region checks run at synth time). Received: "${TfToken[',
    );
  });

  test("must equal the region of the stack's AWS provider", () => {
    const stack = newTestStack('eu-west-1');
    expect(() => new IcebergDeliveryStream(stack, 'Delivery', baseProps('us-east-1'))).toThrow(
      'Invalid Delivery.region: must equal the region of the stack\'s AWS provider ("eu-west-1"), where the stream is created. Received: "us-east-1"',
    );
  });

  test('an aliased provider in another region does not count', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new AwsProvider(stack, 'replica', { region: 'eu-west-1', alias: 'replica' });
    expect(() => new IcebergDeliveryStream(stack, 'Delivery', baseProps('us-east-1'))).not.toThrow();
  });
});

describe('validation of names, tables and prefixes', () => {
  test('stream name', () => {
    expect(() => newStream({ deliveryStreamName: 'icelog dev' })).toThrow(
      'Invalid Delivery.deliveryStreamName: must be 1–64 characters of [a-zA-Z0-9_.-]. Received: "icelog dev"',
    );
    expect(() => newStream({ deliveryStreamName: 'x'.repeat(65) })).toThrow(
      'Invalid Delivery.deliveryStreamName: must be 1–64 characters of [a-zA-Z0-9_.-]',
    );
  });

  test('database name', () => {
    expect(() => newStream({ database: databaseIn('eu-west-1', 'Icelog'), tables: [] })).toThrow(
      'Invalid Delivery.database.databaseName: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Icelog"',
    );
  });

  test('an empty table list', () => {
    expect(() => newStream({ tables: [] })).toThrow(
      'Invalid Delivery.tables: must contain at least one entry. Received: []',
    );
  });

  test('a duplicate table', () => {
    expect(() =>
      newStream({ tables: [{ table: table('request_200') }, { table: table('request_200') }] }),
    ).toThrow(
      'Invalid Delivery.tables[*].table.tableName: must not contain duplicates ("request_200" appears twice). Received: ["request_200","request_200"]',
    );
  });

  test('a table of another database', () => {
    const other = databaseIn('eu-west-1', 'other');
    expect(() =>
      newStream({ tables: [{ table: table('request_200') }, { table: table('t', other) }] }),
    ).toThrow(
      'Invalid Delivery.tables[1].table.database.databaseName: must be the stream\'s database "icelog" (one delivery stream writes to one database). Received: "other"',
    );
  });

  test('a table name Athena cannot query', () => {
    expect(() => newStream({ tables: [{ table: table('Request-200') }] })).toThrow(
      'Invalid Delivery.tables[0].table.tableName: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Request-200"',
    );
  });

  test('unique keys: empty list, empty or bad column name, duplicate column', () => {
    const withKeys = (uniqueKeys: string[]) => () =>
      newStream({ tables: [{ table: table('request_200'), uniqueKeys }] });
    expect(withKeys([])).toThrow(
      'Invalid Delivery.tables[0].uniqueKeys: must contain at least one entry. Received: []',
    );
    expect(withKeys(['request', ''])).toThrow(
      'Invalid Delivery.tables[0].uniqueKeys[1]: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: ""',
    );
    expect(withKeys(['time local'])).toThrow(
      'Invalid Delivery.tables[0].uniqueKeys[0]: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "time local"',
    );
    expect(withKeys(['request', 'request'])).toThrow(
      'Invalid Delivery.tables[0].uniqueKeys: must not contain duplicates ("request" appears twice). Received: ["request","request"]',
    );
  });

  test('error prefixes: not relative, no trailing slash, expression without error-output-type', () => {
    expect(() => newStream({ errorOutputPrefix: '/errors/' })).toThrow(
      'Invalid Delivery.errorOutputPrefix: must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*\'()-/=:). Received: "/errors/"',
    );
    expect(() => newStream({ errorOutputPrefix: 'errors' })).toThrow(
      'Invalid Delivery.errorOutputPrefix: must be a relative S3 key prefix ending in "/"',
    );
    expect(() => newStream({ errorOutputPrefix: 'errors/!{timestamp:yyyy}/' })).toThrow(
      'Invalid Delivery.errorOutputPrefix: must include !{firehose:error-output-type} when it uses !{…} expressions (a Firehose rule for error output prefixes). Received: "errors/!{timestamp:yyyy}/"',
    );
    expect(() =>
      newStream({ tables: [{ table: table('request_200'), errorOutputPrefix: 'errors/404' }] }),
    ).toThrow('Invalid Delivery.tables[0].errorOutputPrefix: must be a relative S3 key prefix ending in "/"');
    expect(() =>
      newStream({ tables: [{ table: table('request_200'), errorOutputPrefix: '!{timestamp:yyyy}/' }] }),
    ).toThrow(
      'Invalid Delivery.tables[0].errorOutputPrefix: must include !{firehose:error-output-type} when it uses !{…} expressions (a Firehose rule for error output prefixes). Received: "!{timestamp:yyyy}/"',
    );
  });

  test('keys of the warehouse and the log group, and log retention', () => {
    expect(() =>
      newStream({
        warehouseKmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      }),
    ).toThrow(
      `Invalid Delivery.warehouseKmsKeyArn: must be in the stack's region "eu-west-1", not "eu-central-1": AWS KMS keys are regional`,
    );
    expect(() => newStream({ warehouseKmsKeyArn: 'alias/aws/s3' })).toThrow(
      'Invalid Delivery.warehouseKmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "alias/aws/s3"',
    );
    expect(() => newStream({ logGroupKmsKeyArn: 'my-key' })).toThrow(
      'Invalid Delivery.logGroupKmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "my-key"',
    );
    expect(() => newStream({ logRetentionDays: 0 })).toThrow(
      'Invalid Delivery.logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Received: 0',
    );
  });

  test('unresolved tokens are not validated', () => {
    const stack = newTestStack();
    const token = (name: string) => Token.asString({ Ref: name });
    expect(
      () =>
        new IcebergDeliveryStream(stack, 'Delivery', {
          ...baseProps(),
          deliveryStreamName: token('name'),
          tables: [{ table: { database, tableName: token('table'), tableArn: token('arn') } }],
          errorOutputPrefix: token('prefix'),
        }),
    ).not.toThrow();
  });

  test('a rejected stream creates no resource and no data source', () => {
    const stack = newTestStack();
    expect(() => new IcebergDeliveryStream(stack, 'Delivery', { ...baseProps(), tables: [] })).toThrow();
    const json = synthesize(stack);
    expect(json.resource).toEqual({});
    expect(json.data).toEqual({});
  });
});

describe('routing contract', () => {
  test('several tables without routing are refused', () => {
    expect(() =>
      newStream({ tables: [{ table: table('request_200') }, { table: table('request_other') }] }),
    ).toThrow(
      'Invalid Delivery.routing: must be set when the stream writes to 2 tables (request_200, request_other): without routing metadata Firehose cannot choose a table and every record fails. Received: undefined',
    );
  });

  test('a single table without routing stays possible and has no processing configuration', () => {
    const { firehose } = synthStream();
    expect(firehose.iceberg_configuration.processing_configuration).toBeUndefined();
    expect(firehose.iceberg_configuration.destination_table_configuration).toEqual([
      { database_name: 'icelog', table_name: 'request_200' },
    ]);
  });

  test('tables that differ from what the routing produces fail synth with both lists', () => {
    expect(() =>
      newStream({
        tables: [{ table: table('request_200') }, { table: table('request_999') }],
        routing: routingFor('request_200', 'request_404', 'request_other'),
      }),
    ).toThrow(
      'Invalid Delivery.tables: must be exactly the tables the routing can produce [request_200, request_404, request_other]; missing request_404, request_other (records routed there would fail with Iceberg.NoSuchTable); never produced by the routing: request_999. Received: ["request_200","request_999"]',
    );
  });

  test('fewer tables than the routing produces fail synth', () => {
    expect(() => newStream({ routing: routingFor('request_200', 'request_other') })).toThrow(
      'Invalid Delivery.tables: must be exactly the tables the routing can produce [request_200, request_other]; missing request_other (records routed there would fail with Iceberg.NoSuchTable). Received: ["request_200"]',
    );
  });

  test("the routing's database must be the stream's", () => {
    expect(() => newStream({ routing: { ...routingFor('request_200'), databaseName: 'other_db' } })).toThrow(
      'Invalid Delivery.routing.databaseName: must be the stream\'s database "icelog". Received: "other_db"',
    );
  });

  test('table names that are tokens are not compared', () => {
    const tableName = Token.asString({ Ref: 'table' });
    expect(() =>
      newStream({
        tables: [{ table: { database, tableName, tableArn: Token.asString({ Ref: 'arn' }) } }],
        routing: routingFor('request_200'),
      }),
    ).not.toThrow();
  });

  test('uniqueKeys must be columns of a table that lists its columns', () => {
    const withColumns = { ...table('request_200'), columns: [{ name: 'request' }, { name: 'status' }] };
    expect(() =>
      newStream({ tables: [{ table: withColumns, uniqueKeys: ['request', 'time_local'] }] }),
    ).toThrow(
      'Invalid Delivery.tables[0].uniqueKeys[1]: must be a column of table "request_200" (request, status). Received: "time_local"',
    );
    expect(() => newStream({ tables: [{ table: withColumns, uniqueKeys: ['status'] }] })).not.toThrow();
  });
});
