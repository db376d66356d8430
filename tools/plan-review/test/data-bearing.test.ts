import {
  DATA_BEARING_TYPES,
  dataBearingType,
  exactVersion,
  forceNewAttributesAt,
  forceNewVerdict,
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

describe('forceNewVerdict', () => {
  const tables = DATA_BEARING_TYPES.aws_kinesis_firehose_delivery_stream.forceNew.find(
    (f) => f.path === 'iceberg_configuration.destination_table_configuration',
  )!;
  const name = DATA_BEARING_TYPES.aws_kinesis_firehose_delivery_stream.forceNew.find(
    (f) => f.path === 'name',
  )!;

  it('is a replacement for attributes ForceNew in every version', () => {
    expect(forceNewVerdict(name, '5.100.0')).toBe('yes');
  });

  it('is a replacement only after an upgrade past the last in-place version', () => {
    expect(forceNewVerdict(tables, '5.100.0')).toBe('after-upgrade');
    expect(forceNewVerdict(tables, '= 5.99.1')).toBe('after-upgrade');
    expect(forceNewVerdict(tables, '5.100.1')).toBe('yes');
    expect(forceNewVerdict(tables, '6.0.0')).toBe('yes');
  });

  it('assumes the worst when the version is a range or unknown', () => {
    expect(forceNewVerdict(tables, '~> 5.100')).toBe('yes');
    expect(forceNewVerdict(tables, undefined)).toBe('yes');
  });

  it('reads exact versions only', () => {
    expect(exactVersion('5.100.0')).toEqual([5, 100, 0]);
    expect(exactVersion(' = v6.1.2 ')).toEqual([6, 1, 2]);
    expect(exactVersion('>= 5.0')).toBeUndefined();
  });
});
