import { blocksOf, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import { FIRELENS_METADATA_COLUMNS, IcebergColumn, NGINX_ACCESS_LOG_COLUMNS } from '@icelog/core';
import { IcebergCatalog, WarehouseBucket } from '../src';

const ACCESS: readonly IcebergColumn[] = [...NGINX_ACCESS_LOG_COLUMNS, ...FIRELENS_METADATA_COLUMNS];
const UNPARSED: readonly IcebergColumn[] = [{ name: 'log', type: 'string' }, ...FIRELENS_METADATA_COLUMNS];

describe('IcebergCatalog', () => {
  test('warehouse, database, maintenance and tables with stable construct ids', () => {
    const stack = newTestStack();
    const catalog = new IcebergCatalog(stack, 'Catalog', { databaseName: 'icelog_prod' });
    const t200 = catalog.addTable({ tableName: 'request_200', columns: ACCESS });
    catalog.addTable({ tableName: 'request_unparsed', columns: UNPARSED });
    const synth = synthesize(stack);
    expect(
      Object.keys(synth.resource.aws_glue_catalog_table).map((id) => id.replace(/_[0-9A-F]{8}$/, '')),
    ).toEqual(['Catalog_Table-request_200_Table', 'Catalog_Table-request_unparsed_Table']);
    expect(Object.keys(synth.resource.aws_s3_bucket)[0]).toMatch(/^Catalog_Warehouse_Bucket_[0-9A-F]{8}$/);
    expect(Object.keys(synth.resource.aws_glue_catalog_database)[0]).toMatch(
      /^Catalog_Database_[0-9A-F]{8}$/,
    );
    expect(Object.keys(synth.resource.aws_iam_role)[0]).toMatch(/^Catalog_Maintenance_Role_[0-9A-F]{8}$/);
    expect(Object.keys(synth.resource.aws_glue_catalog_table_optimizer)).toHaveLength(6);
    expect(catalog.tables.map((t) => t.tableName)).toEqual(['request_200', 'request_unparsed']);
    expect(catalog.tryFindTable('request_200')).toBe(t200);
    expect(catalog.tryFindTable('request_500')).toBeUndefined();
    expect(t200.warehouse).toBe(catalog.warehouse);
    expect(onlyBlock(synth.resource, 'aws_glue_catalog_database').name).toBe('icelog_prod');
  });

  test('maintenance: false (dev) creates no optimizers, role or optimizer log groups', () => {
    const stack = newTestStack();
    const catalog = new IcebergCatalog(stack, 'Catalog', { databaseName: 'icelog_dev', maintenance: false });
    catalog.addTable({ tableName: 'request_200', columns: ACCESS });
    const synth = synthesize(stack);
    expect(catalog.maintenance).toBeUndefined();
    expect(blocksOf(synth.resource, 'aws_glue_catalog_table_optimizer')).toEqual({});
    expect(blocksOf(synth.resource, 'aws_iam_role')).toEqual({});
    expect(blocksOf(synth.resource, 'aws_cloudwatch_log_group')).toEqual({});
    expect(Object.keys(blocksOf(synth.resource, 'aws_glue_catalog_table'))).toHaveLength(1);
  });

  test('maintenance options reach the optimizers', () => {
    const stack = newTestStack();
    const catalog = new IcebergCatalog(stack, 'Catalog', {
      databaseName: 'icelog_prod',
      maintenance: { snapshotRetention: { snapshotRetentionPeriodInDays: 2 }, logRetentionInDays: 14 },
    });
    catalog.addTable({ tableName: 'request_200', columns: ACCESS });
    const synth = synthesize(stack);
    const retention = Object.values(synth.resource.aws_glue_catalog_table_optimizer).find(
      (o: any) => o.type === 'retention',
    ) as any;
    expect(
      retention.configuration[0].retention_configuration[0].iceberg_configuration[0]
        .snapshot_retention_period_in_days,
    ).toBe(2);
    expect(
      Object.values(synth.resource.aws_cloudwatch_log_group).map((g: any) => g.retention_in_days),
    ).toEqual([14, 14, 14]);
  });

  test('warehouse props, description, or an existing warehouse', () => {
    const stack = newTestStack();
    new IcebergCatalog(stack, 'Catalog', {
      databaseName: 'icelog_dev',
      description: 'dev logs',
      warehouseProps: { forceDestroy: true, errorOutputExpirationDays: 7 },
    });
    const synth = synthesize(stack);
    expect(onlyBlock(synth.resource, 'aws_s3_bucket').force_destroy).toBe(true);
    expect(onlyBlock(synth.resource, 'aws_glue_catalog_database').description).toBe('dev logs');

    const other = newTestStack();
    const lake = WarehouseBucket.fromBucketAttributes(other, 'Lake', { bucketName: 'acme-lake' });
    const catalog = new IcebergCatalog(other, 'Catalog', {
      databaseName: 'icelog_dev',
      warehouse: lake,
      maintenance: false,
    });
    const otherSynth = synthesize(other);
    expect(catalog.warehouse).toBe(lake);
    expect(blocksOf(otherSynth.resource, 'aws_s3_bucket')).toEqual({});
    expect(onlyBlock(otherSynth.resource, 'aws_glue_catalog_database').location_uri).toBe(
      's3://acme-lake/warehouse/icelog_dev',
    );
  });

  test('rejects a duplicate table, naming it, and conflicting warehouse settings', () => {
    const stack = newTestStack();
    const catalog = new IcebergCatalog(stack, 'Catalog', { databaseName: 'icelog_dev' });
    catalog.addTable({ tableName: 'request_200', columns: ACCESS });
    expect(() => catalog.addTable({ tableName: 'request_200', columns: ACCESS })).toThrow(
      'Invalid Catalog.tables: must not define table "request_200" twice in database "icelog_dev". Received: "request_200"',
    );
    const lake = WarehouseBucket.fromBucketAttributes(stack, 'Lake', { bucketName: 'acme-lake' });
    expect(
      () =>
        new IcebergCatalog(stack, 'Both', {
          databaseName: 'x',
          warehouse: lake,
          warehouseProps: { forceDestroy: true },
        }),
    ).toThrow(
      'Invalid Both.warehouseProps: must not be set together with warehouse (they describe a bucket the catalog creates). Received: {"forceDestroy":true}',
    );
  });
});
