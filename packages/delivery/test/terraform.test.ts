/**
 * Checks against the real hashicorp/aws 5.100.0 provider from the local filesystem mirror (no network):
 * the synthesized JSON must pass `terraform validate`, and the provider's schema for
 * `iceberg_configuration` must be exactly what the construct models. One `terraform init`; the schema
 * (`terraform providers schema -json`, 13 MB) is read once per machine into a cache shared with other
 * test files and runs, side by side with the validate. Without terraform or the mirror the tests fail
 * with the reason; they never skip.
 */
import { Testing } from 'cdktf';
import { Role, SecureBucket } from '@icelog/core';
import { newTestStack } from '@icelog/core/testing';
// Test-only import of the Terraform harness of a tool; see the task report (module boundary to allow).
import { TerraformWorkspace } from '@icelog/tf-offline';
import { BufferingHints, IcebergDeliveryStream } from '../src';
import { KEY_ARN, baseProps, table } from './fixtures';

const TIMEOUT = 180_000;

let workspace: TerraformWorkspace | undefined;
let schemaRead: Promise<any>;

beforeAll(async () => {
  workspace = await TerraformWorkspace.create({ providerVersion: '5.100.0' });
  void workspace.init().catch(() => undefined); // init while the stack synthesizes
  schemaRead = workspace.providerSchema();
  schemaRead.catch(() => undefined); // awaited (and reported) by its test
}, TIMEOUT);

afterAll(() => workspace?.dispose());

test(
  'every source and option synthesizes to configuration that terraform validate accepts',
  async () => {
    const stack = newTestStack('eu-west-1');
    const warehouse = new SecureBucket(stack, 'Warehouse', {
      encryption: { kind: 'KMS', kmsKeyArn: KEY_ARN },
    });
    const taskRole = new Role(stack, 'TaskRole', { assumedBy: { service: 'ecs-tasks.amazonaws.com' } });
    const tables = [
      { table: table('request_200') },
      { table: table('request_404'), uniqueKeys: ['request'], errorOutputPrefix: 'errors/404/' },
    ];
    const processingConfiguration = {
      enabled: true,
      processors: [
        {
          type: 'MetadataExtraction',
          parameters: [
            { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
            {
              parameterName: 'MetadataExtractionQuery',
              parameterValue:
                '{destinationDatabaseName: "icelog", destinationTableName: "request_200", operation: "insert"}',
            },
          ],
        },
      ],
    };
    const routing = {
      databaseName: 'icelog',
      processingConfiguration,
      tables: tables.map((entry) => ({ tableName: entry.table.tableName })),
    };
    const direct = new IcebergDeliveryStream(stack, 'DirectPut', {
      ...baseProps(),
      deliveryStreamName: 'icelog-direct',
      tables,
      warehouse,
      routing,
      buffering: BufferingHints.LARGE_FILES,
      encryption: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: KEY_ARN },
      logGroupKmsKeyArn: KEY_ARN,
      errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
    });
    const kinesis = new IcebergDeliveryStream(stack, 'Kinesis', {
      ...baseProps(),
      deliveryStreamName: 'icelog-kinesis',
      tables,
      warehouse,
      routing,
      source: {
        kind: 'kinesis',
        capacity: { mode: 'PROVISIONED', shardCount: 2 },
        retentionHours: 48,
        encryptionKeyArn: KEY_ARN,
      },
    });
    const existing = new IcebergDeliveryStream(stack, 'Existing', {
      ...baseProps(),
      deliveryStreamName: 'icelog-existing',
      source: { kind: 'existing-kinesis', streamArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/logs' },
    });
    const imported = IcebergDeliveryStream.fromDeliveryStreamArn(
      stack,
      'Imported',
      'arn:aws:firehose:eu-west-1:111122223333:deliverystream/icelog-prod',
    );
    for (const stream of [direct, kinesis, existing, imported]) stream.grantPutRecords(taskRole);

    const result = await workspace!.validate(Testing.synth(stack));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  },
  TIMEOUT,
);

test(
  'the provider schema of iceberg_configuration is what the construct models (no append_only in 5.100.0)',
  async () => {
    const schema = await schemaRead;
    const stream =
      schema.provider_schemas['registry.terraform.io/hashicorp/aws'].resource_schemas
        .aws_kinesis_firehose_delivery_stream.block;
    const iceberg = stream.block_types.iceberg_configuration.block;
    // If this fails after a provider upgrade, expose the new attributes (append_only: automatic scaling
    // for insert-only streams) instead of reaching for setUnmodelledAttribute.
    expect(Object.keys(iceberg.attributes).sort()).toEqual([
      'buffering_interval',
      'buffering_size',
      'catalog_arn',
      'retry_duration',
      'role_arn',
      's3_backup_mode',
    ]);
    expect(Object.keys(iceberg.block_types).sort()).toEqual([
      'cloudwatch_logging_options',
      'destination_table_configuration',
      'processing_configuration',
      's3_configuration',
    ]);
    expect(Object.keys(iceberg.block_types.destination_table_configuration.block.attributes).sort()).toEqual([
      'database_name',
      's3_error_output_prefix',
      'table_name',
      'unique_keys',
    ]);
    expect(Object.keys(stream.block_types.server_side_encryption.block.attributes).sort()).toEqual([
      'enabled',
      'key_arn',
      'key_type',
    ]);
  },
  TIMEOUT,
);
