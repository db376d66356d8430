/**
 * Checks against the real hashicorp/aws 5.100.0 provider from the local filesystem mirror (no network):
 * the synthesized JSON must pass `terraform validate`, and the provider's schema for
 * `iceberg_configuration` must be exactly what the construct models.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Role, SecureBucket } from '@icelog/core';
import { newTestStack } from '@icelog/core/testing';
import { BufferingHints, IcebergDeliveryStream } from '../src';
import { KEY_ARN, baseProps, table } from './fixtures';

const MIRROR = '/opt/tf-plugins';
const TIMEOUT = 180_000;

function withTerraform<T>(config: string, run: (terraform: (...args: string[]) => string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'icelog-delivery-tf-'));
  try {
    writeFileSync(
      join(dir, 'cli.tfrc'),
      `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`,
    );
    writeFileSync(join(dir, 'main.tf.json'), config);
    const terraform = (...args: string[]) =>
      execFileSync('terraform', args, {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: {
          ...process.env,
          TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'),
          TF_IN_AUTOMATION: '1',
          CHECKPOINT_DISABLE: '1',
        },
      });
    terraform('init', '-input=false', '-backend=false', '-no-color');
    return run(terraform);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test(
  'the provider schema of iceberg_configuration is what the construct models (no append_only in 5.100.0)',
  () => {
    const config = JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    });
    const schema = withTerraform(config, (terraform) =>
      JSON.parse(terraform('providers', 'schema', '-json')),
    );
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

test(
  'every source and option synthesizes to configuration that terraform validate accepts',
  () => {
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
    const direct = new IcebergDeliveryStream(stack, 'DirectPut', {
      ...baseProps(),
      deliveryStreamName: 'icelog-direct',
      tables,
      warehouse,
      processingConfiguration,
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
      processingConfiguration,
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

    const result = withTerraform(Testing.synth(stack), (terraform) =>
      JSON.parse(terraform('validate', '-json', '-no-color')),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  },
  TIMEOUT,
);
