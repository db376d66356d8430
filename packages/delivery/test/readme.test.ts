/** Runs the README's first example as written, so the documentation cannot rot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyBlock, runReadmeExample } from '@icelog/core/testing';
import { policyStatements } from './fixtures';

const README = join(__dirname, '..', 'README.md');

test('the first README example synthesizes a delivery stream with no literal partition, region or account', () => {
  const readme = readFileSync(README, 'utf8');
  expect(readme.trimStart().startsWith('# @icelog/delivery')).toBe(true);
  expect(readme.indexOf('```ts')).toBeLessThan(readme.indexOf('\n## '));
  const stacks = runReadmeExample(README);
  expect(Object.keys(stacks)).toEqual(['logs']);
  const json = stacks.logs;
  const text = JSON.stringify(json);
  const firehose = onlyBlock(json.resource, 'aws_kinesis_firehose_delivery_stream');
  expect(firehose.name).toBe('icelog-dev');
  expect(firehose.iceberg_configuration.catalog_arn).toMatch(
    /^arn:\$\{data\.aws_partition\.\w+\.partition\}:glue:\$\{data\.aws_region\.\w+\.name\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:catalog$/,
  );
  expect(policyStatements(json, 'IcebergTables')[0].resources).toHaveLength(3);
  expect(text).not.toMatch(/"arn:aws:/);
});
