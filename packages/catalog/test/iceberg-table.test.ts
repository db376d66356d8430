import { TerraformOutput } from 'cdktf';
import { blocksOf, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import {
  FIRELENS_METADATA_COLUMNS,
  GlueDatabaseRef,
  IcebergColumn,
  NGINX_ACCESS_LOG_COLUMNS,
} from '@icelog/core';
import { ICEBERG_MANAGED_TABLE_ATTRIBUTES, IcebergDatabase, IcebergTable, WarehouseBucket } from '../src';
import { refOf } from './support';

function setup() {
  const stack = newTestStack();
  const warehouse = new WarehouseBucket(stack, 'Warehouse');
  const database = new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_dev', warehouse });
  return { stack, warehouse, database };
}

const ACCESS_COLUMNS = [...NGINX_ACCESS_LOG_COLUMNS, ...FIRELENS_METADATA_COLUMNS];

describe('IcebergTable resource', () => {
  test('an EXTERNAL_TABLE created as Iceberg format v2 through open_table_format_input', () => {
    const { stack, database } = setup();
    new IcebergTable(stack, 'Table-request_200', {
      database,
      tableName: 'request_200',
      columns: ACCESS_COLUMNS,
    });
    const table = onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_table');
    expect(table.name).toBe('request_200');
    expect(table.table_type).toBe('EXTERNAL_TABLE');
    expect(table.open_table_format_input).toEqual({
      iceberg_input: { metadata_operation: 'CREATE', version: '2' },
    });
  });

  test('in the database (by reference, so Terraform creates the database first) and its catalog', () => {
    const { stack, database } = setup();
    new IcebergTable(stack, 'T', { database, tableName: 'request_200', columns: ACCESS_COLUMNS });
    const synth = synthesize(stack);
    const table = onlyBlock(synth.resource, 'aws_glue_catalog_table');
    expect(table.database_name).toBe(refOf(synth, 'aws_glue_catalog_database', 'name'));
    expect(table.catalog_id).toMatch(/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/);
  });

  test('typed columns in order, with comments, located in the warehouse', () => {
    const { stack, database } = setup();
    new IcebergTable(stack, 'T', { database, tableName: 'request_200', columns: ACCESS_COLUMNS });
    const synth = synthesize(stack);
    const sd = onlyBlock(synth.resource, 'aws_glue_catalog_table').storage_descriptor;
    expect(sd.location).toBe(
      `s3://${refOf(synth, 'aws_s3_bucket', 'bucket')}/warehouse/icelog_dev/request_200`,
    );
    expect(sd.columns.map((c: any) => `${c.name}:${c.type}`)).toEqual([
      'remote_addr:string',
      'remote_user:string',
      'time_local:string',
      'request:string',
      'status:int',
      'body_bytes_sent:bigint',
      'http_referer:string',
      'http_user_agent:string',
      'http_x_forwarded_for:string',
      'source:string',
      'container_id:string',
      'container_name:string',
      'ecs_cluster:string',
      'ecs_task_arn:string',
      'ecs_task_definition:string',
    ]);
    expect(sd.columns[4]).toEqual({ name: 'status', type: 'int', comment: 'Response status code ($status)' });
    // Nothing Glue or Iceberg owns is written by icelog.
    expect(sd.input_format).toBeUndefined();
    expect(sd.ser_de_info).toBeUndefined();
    expect(sd.columns.some((c: any) => c.parameters !== undefined)).toBe(false);
  });

  test('a column without a comment has none', () => {
    const { stack, database } = setup();
    const columns: IcebergColumn[] = [{ name: 'log', type: 'string' }];
    new IcebergTable(stack, 'T', { database, tableName: 'request_unparsed', columns });
    const sd = onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_table').storage_descriptor;
    expect(sd.columns).toEqual([{ name: 'log', type: 'string' }]);
  });
});

describe('IcebergTable plan stability', () => {
  test('ignores exactly the attributes that Glue and Iceberg commits rewrite', () => {
    const { stack, database } = setup();
    new IcebergTable(stack, 'T', { database, tableName: 'request_200', columns: ACCESS_COLUMNS });
    const table = onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_table');
    expect(table.lifecycle).toEqual({ ignore_changes: ['parameters', 'storage_descriptor'] });
    expect([...ICEBERG_MANAGED_TABLE_ATTRIBUTES]).toEqual(['parameters', 'storage_descriptor']);
  });

  test('sets none of the ignored-by-design attributes that would otherwise drift', () => {
    const { stack, database } = setup();
    new IcebergTable(stack, 'T', { database, tableName: 'request_200', columns: ACCESS_COLUMNS });
    const table = onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_table');
    expect(table.parameters).toBeUndefined();
    expect(table.description).toBeUndefined();
    expect(table.owner).toBeUndefined();
    expect(table.partition_keys).toBeUndefined();
  });
});

describe('IcebergTable attributes', () => {
  test('implements GlueTableRef with the resource ARN', () => {
    const { stack, database, warehouse } = setup();
    const table = new IcebergTable(stack, 'T', {
      database,
      tableName: 'request_200',
      columns: ACCESS_COLUMNS,
    });
    new TerraformOutput(stack, 'arn', { value: table.tableArn });
    new TerraformOutput(stack, 'location', { value: table.location });
    const synth = synthesize(stack);
    expect(synth.output.arn.value).toBe(refOf(synth, 'aws_glue_catalog_table', 'arn'));
    expect(synth.output.location.value).toBe(
      onlyBlock(synth.resource, 'aws_glue_catalog_table').storage_descriptor.location,
    );
    expect(table.tableName).toBe('request_200');
    expect(table.database).toBe(database);
    expect(table.warehouse).toBe(warehouse);
    expect(table.columns).toBe(ACCESS_COLUMNS);
  });

  test('an external GlueDatabaseRef works with an explicit warehouse', () => {
    const stack = newTestStack();
    const warehouse = WarehouseBucket.fromBucketAttributes(stack, 'Lake', { bucketName: 'acme-lake' });
    const external: GlueDatabaseRef = {
      catalogId: '111122223333',
      catalogArn: 'arn:aws:glue:eu-west-1:111122223333:catalog',
      databaseName: 'shared',
      databaseArn: 'arn:aws:glue:eu-west-1:111122223333:database/shared',
    };
    new IcebergTable(stack, 'T', {
      database: external,
      warehouse,
      tableName: 'request_200',
      columns: ACCESS_COLUMNS,
    });
    const table = onlyBlock(synthesize(stack).resource, 'aws_glue_catalog_table');
    expect(table.database_name).toBe('shared');
    expect(table.catalog_id).toBe('111122223333');
    expect(table.storage_descriptor.location).toBe('s3://acme-lake/warehouse/shared/request_200');
  });

  test('without maintenance, no optimizers and no role', () => {
    const { stack, database } = setup();
    new IcebergTable(stack, 'T', { database, tableName: 'request_200', columns: ACCESS_COLUMNS });
    const synth = synthesize(stack);
    expect(blocksOf(synth.resource, 'aws_glue_catalog_table_optimizer')).toEqual({});
    expect(blocksOf(synth.resource, 'aws_iam_role')).toEqual({});
  });
});

describe('IcebergTable validation', () => {
  test('table name', () => {
    const { stack, database } = setup();
    expect(
      () => new IcebergTable(stack, 'T', { database, tableName: 'Request-200', columns: ACCESS_COLUMNS }),
    ).toThrow(
      'Invalid T.tableName: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Request-200"',
    );
  });

  test('columns: non-empty, valid names and types, unique, short comments', () => {
    const { stack, database } = setup();
    expect(() => new IcebergTable(stack, 'Empty', { database, tableName: 't', columns: [] })).toThrow(
      'Invalid Empty.columns: must contain at least one column. Received: []',
    );
    expect(
      () =>
        new IcebergTable(stack, 'BadName', {
          database,
          tableName: 't',
          columns: [{ name: 'Status', type: 'int' }],
        }),
    ).toThrow(
      'Invalid BadName.columns[0].name: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Status"',
    );
    expect(
      () =>
        new IcebergTable(stack, 'BadType', {
          database,
          tableName: 't',
          columns: [{ name: 'status', type: 'integer' as never }],
        }),
    ).toThrow(
      'Invalid BadType.columns[0].type: must be one of string, int, bigint, boolean, double, float, timestamp, date or decimal(p,s) with 1 ≤ p ≤ 38, 0 ≤ s ≤ p. Received: "integer"',
    );
    expect(
      () =>
        new IcebergTable(stack, 'Dup', {
          database,
          tableName: 't',
          columns: [
            { name: 'log', type: 'string' },
            { name: 'log', type: 'string' },
          ],
        }),
    ).toThrow(
      'Invalid Dup.columns: must not contain duplicates ("log" appears twice). Received: [{"name":"log","type":"string"},{"name":"log","type":"string"}]',
    );
    expect(
      () =>
        new IcebergTable(stack, 'LongComment', {
          database,
          tableName: 't',
          columns: [{ name: 'log', type: 'string', comment: 'c'.repeat(256) }],
        }),
    ).toThrow(
      `Invalid LongComment.columns[0].comment: must be at most 255 characters long. Received: "${'c'.repeat(256)}"`,
    );
    expect(
      () =>
        new IcebergTable(stack, 'MaxComment', {
          database,
          tableName: 't',
          columns: [{ name: 'log', type: 'string', comment: 'c'.repeat(255) }],
        }),
    ).not.toThrow();
  });

  test('a plain GlueDatabaseRef needs an explicit warehouse', () => {
    const stack = newTestStack();
    const external: GlueDatabaseRef = {
      catalogId: 'c',
      catalogArn: 'a',
      databaseName: 'shared',
      databaseArn: 'd',
    };
    expect(
      () =>
        new IcebergTable(stack, 'T', {
          database: external,
          tableName: 'request_200',
          columns: ACCESS_COLUMNS,
        }),
    ).toThrow(
      'Invalid T.warehouse: must be set when database is not an IcebergDatabase (the table location is in the warehouse). Received: undefined',
    );
  });
});
