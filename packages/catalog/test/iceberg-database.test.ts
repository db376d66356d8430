import { TerraformOutput, TerraformVariable } from 'cdktf';
import { newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import { IcebergDatabase, WarehouseBucket } from '../src';
import { ACCOUNT, PARTITION, REGION, pattern, refOf } from './support';

function setup() {
  const stack = newTestStack();
  const warehouse = new WarehouseBucket(stack, 'Warehouse');
  return { stack, warehouse };
}

describe('IcebergDatabase', () => {
  test('a Glue database located in the warehouse tables prefix', () => {
    const { stack, warehouse } = setup();
    new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_dev', warehouse });
    const synth = synthesize(stack);
    const db = onlyBlock(synth.resource, 'aws_glue_catalog_database');
    expect(db.name).toBe('icelog_dev');
    expect(db.location_uri).toBe(`s3://${refOf(synth, 'aws_s3_bucket', 'bucket')}/warehouse/icelog_dev`);
    expect(db.description).toBeUndefined();
    expect(db.parameters).toBeUndefined();
  });

  test('optional description', () => {
    const { stack, warehouse } = setup();
    new IcebergDatabase(stack, 'Database', {
      databaseName: 'icelog_dev',
      warehouse,
      description: 'nginx logs',
    });
    expect(onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_database').description).toBe('nginx logs');
  });

  test('implements GlueDatabaseRef: catalog id and ARN from AwsContext, database ARN from the resource', () => {
    const { stack, warehouse } = setup();
    const db = new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_dev', warehouse });
    new TerraformOutput(stack, 'catalogId', { value: db.catalogId });
    new TerraformOutput(stack, 'catalogArn', { value: db.catalogArn });
    new TerraformOutput(stack, 'databaseArn', { value: db.databaseArn });
    new TerraformOutput(stack, 'databaseName', { value: db.databaseName });
    const synth = synthesize(stack);
    expect(synth.output.catalogId.value).toMatch(pattern(ACCOUNT));
    expect(synth.output.catalogArn.value).toMatch(
      pattern('arn:', PARTITION, ':glue:', REGION, ':', ACCOUNT, ':catalog'),
    );
    expect(synth.output.databaseArn.value).toBe(refOf(synth, 'aws_glue_catalog_database', 'arn'));
    expect(synth.output.databaseName.value).toBe('icelog_dev');
    expect(db.warehouse).toBe(warehouse);
    expect(JSON.stringify(synth)).not.toMatch(/arn:aws:|111122223333|eu-west-1:/);
  });

  test('rejects names Athena cannot query and over-long descriptions', () => {
    const { stack, warehouse } = setup();
    expect(() => new IcebergDatabase(stack, 'Bad', { databaseName: 'Icelog-Dev', warehouse })).toThrow(
      'Invalid Bad.databaseName: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Icelog-Dev"',
    );
    expect(
      () =>
        new IcebergDatabase(stack, 'Long', { databaseName: 'db', warehouse, description: 'x'.repeat(2049) }),
    ).toThrow(
      `Invalid Long.description: must be at most 2048 characters long. Received: "${'x'.repeat(2049)}"`,
    );
    expect(
      () =>
        new IcebergDatabase(stack, 'Max', { databaseName: 'db', warehouse, description: 'x'.repeat(2048) }),
    ).not.toThrow();
  });

  test('a database name only known at apply time is not validated', () => {
    const { stack, warehouse } = setup();
    const name = new TerraformVariable(stack, 'db', { type: 'string' }).stringValue;
    new IcebergDatabase(stack, 'Database', { databaseName: name, warehouse });
    expect(onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_database').name).toBe('${var.db}');
  });
});
