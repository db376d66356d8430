import { join } from 'node:path';
import { runReadmeExample } from '@icelog/core/testing';

/** The root README's "Reuse the packages" example runs as written. */
test('the root README reuse example synthesizes routing, catalog and delivery together', () => {
  const stacks = runReadmeExample(join(__dirname, '..', '..', '..', 'README.md'));
  expect(Object.keys(stacks)).toEqual(['logs']);
  const json = stacks.logs;
  const tables = Object.values(json.resource.aws_glue_catalog_table).map((t) => t.name);
  expect(tables.sort()).toEqual([
    'request_200',
    'request_404',
    'request_500',
    'request_other',
    'request_unparsed',
  ]);
  const [stream] = Object.values(json.resource.aws_kinesis_firehose_delivery_stream);
  expect(stream.name).toBe('web-logs');
  expect(stream.iceberg_configuration.buffering_interval).toBe(60);
  expect(json.resource.aws_glue_catalog_table_optimizer).toBeUndefined();
  // The warehouse key and error prefix are derived from the catalog's warehouse.
  const [key] = Object.keys(json.resource.aws_kms_key);
  expect(stream.iceberg_configuration.s3_configuration.kms_key_arn).toBe(`\${aws_kms_key.${key}.arn}`);
  expect(stream.iceberg_configuration.s3_configuration.error_output_prefix).toBe('errors/');
  // The existing role gets PutRecordBatch on the stream.
  const grants = Object.values(json.resource.aws_iam_role_policy).filter(
    (p) => p.role === 'existing-log-shipper',
  );
  expect(grants.map((p) => p.name)).toEqual(['PutRecords-web-logs']);
});
