import {
  DATA_BEARING_TYPES,
  dataBearingType,
  blockCount,
  forceNewAttributesAt,
  forcesReplacement,
} from '../src';

describe('DATA_BEARING_TYPES', () => {
  it('covers the resources whose replacement loses data in this stack', () => {
    expect(Object.keys(DATA_BEARING_TYPES).sort()).toEqual([
      'aws_athena_workgroup',
      'aws_cloudwatch_log_group',
      'aws_glue_catalog_database',
      'aws_glue_catalog_table',
      'aws_kinesis_firehose_delivery_stream',
      'aws_kinesis_stream',
      'aws_kms_key',
      'aws_s3_bucket',
      'aws_s3tables_namespace',
      'aws_s3tables_table',
      'aws_s3tables_table_bucket',
    ]);
  });

  it('gives every type a consequence, a source file and at least one force-new attribute', () => {
    for (const entry of Object.values(DATA_BEARING_TYPES)) {
      expect(entry.onReplace.length).toBeGreaterThan(20);
      expect(entry.onDelete.length).toBeGreaterThan(20);
      expect(entry.source).toMatch(/^internal\/service\/[a-z0-9]+\/[a-z_]+\.go$/);
      expect(entry.forceNew.length).toBeGreaterThan(0);
    }
  });

  it('knows nothing about types that hold no data', () => {
    expect(dataBearingType('aws_iam_role')).toBeUndefined();
    expect(dataBearingType('constructor')).toBeUndefined();
  });
});

describe('forceNewAttributesAt', () => {
  const paths = (type: string, changed: string) => forceNewAttributesAt(type, changed).map((f) => f.path);

  it('matches the attribute itself, a value below it, and a block holding it', () => {
    expect(paths('aws_kinesis_firehose_delivery_stream', 'name')).toEqual(['name']);
    expect(paths('aws_kinesis_firehose_delivery_stream', 'kinesis_source_configuration.role_arn')).toEqual([
      'kinesis_source_configuration',
    ]);
    expect(paths('aws_kinesis_firehose_delivery_stream', 'iceberg_configuration')).toEqual([
      'iceberg_configuration.catalog_arn',
      'iceberg_configuration.destination_table_configuration',
    ]);
  });

  it('ignores attributes that update in place, and prefixes that are not path steps', () => {
    expect(paths('aws_kinesis_firehose_delivery_stream', 'iceberg_configuration.buffering_interval')).toEqual(
      [],
    );
    expect(paths('aws_s3_bucket', 'bucket_prefix_extra')).toEqual([]);
    expect(paths('aws_iam_role', 'name')).toEqual([]);
  });
});

describe('forcesReplacement and blockCount', () => {
  const stream = DATA_BEARING_TYPES.aws_kinesis_firehose_delivery_stream;
  const tables = stream.forceNew.find(
    (f) => f.path === 'iceberg_configuration.destination_table_configuration',
  )!;
  const name = stream.forceNew.find((f) => f.path === 'name')!;
  const body = (n: number, table = 'request_200') => ({
    name: 'icelog-dev',
    iceberg_configuration: {
      destination_table_configuration: Array.from({ length: n }, () => ({ table_name: table })),
    },
  });

  it('counts nested blocks through objects and lists, absent as 0', () => {
    expect(blockCount(body(3), tables.path)).toBe(3);
    expect(blockCount({ iceberg_configuration: [body(2).iceberg_configuration] }, tables.path)).toBe(2);
    expect(blockCount({ name: 'x' }, tables.path)).toBe(0);
    expect(
      blockCount({ iceberg_configuration: { destination_table_configuration: { t: 1 } } }, tables.path),
    ).toBe(1);
  });

  it('the destination table list replaces the stream only when blocks are added or removed', () => {
    expect(tables.replacesWhen).toBe('block-count-change');
    expect(forcesReplacement(tables, body(1), body(2))).toBe(true);
    expect(forcesReplacement(tables, body(2), body(0))).toBe(true);
    expect(forcesReplacement(tables, body(2), body(2, 'request_404'))).toBe(false);
  });

  it('other attributes replace the resource on any change', () => {
    expect(name.replacesWhen).toBeUndefined();
    expect(forcesReplacement(name, body(1), body(1))).toBe(true);
  });
});
