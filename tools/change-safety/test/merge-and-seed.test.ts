import { mergeStacks, stateFromPlan } from '../src';

const schema = {
  provider_schemas: {
    'registry.terraform.io/hashicorp/aws': {
      resource_schemas: {
        aws_s3_bucket: {
          version: 0,
          block: {
            attributes: {
              bucket: { type: 'string' },
              arn: { type: 'string' },
              force_destroy: { type: 'bool' },
              tags_all: { type: ['map', 'string'] },
            },
            block_types: {
              versioning: { nesting_mode: 'list', block: { attributes: { enabled: { type: 'bool' } } } },
            },
          },
        },
        aws_kinesis_firehose_delivery_stream: {
          version: 1,
          block: { attributes: { name: { type: 'string' }, version_id: { type: 'number' } } },
        },
      },
    },
  },
};

describe('mergeStacks', () => {
  const stack = (region: string) => ({
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } }, backend: { s3: {} } },
    provider: { aws: [{ region }] },
    data: { aws_region: { R: {} } },
    resource: {
      aws_s3_bucket: { B: { bucket_prefix: 'x-' } },
      aws_s3_bucket_policy: {
        P: {
          bucket: '${aws_s3_bucket.B.id}',
          policy: '${data.aws_region.R.name}',
          depends_on: ['aws_s3_bucket.B'],
        },
      },
    },
    output: { o: { value: '${aws_s3_bucket.B.arn} arn:aws:s3:::B' } },
  });

  test('prefixes every address, rewrites the stack’s own references and names one provider per distinct block', () => {
    const { config, aliasOf } = mergeStacks([
      { prefix: 'base', stack: stack('eu-west-1') },
      { prefix: 'tags', stack: stack('eu-west-1') },
      { prefix: 'other', stack: stack('us-east-1') },
    ]);
    expect(aliasOf).toEqual({ base: 'p0', tags: 'p0', other: 'p1' });
    const c = config as any;
    expect(c.terraform.backend).toBeUndefined();
    expect(c.provider.aws).toEqual([
      { region: 'eu-west-1', alias: 'p0' },
      { region: 'us-east-1', alias: 'p1' },
    ]);
    expect(c.resource.aws_s3_bucket_policy.other__P).toEqual({
      bucket: '${aws_s3_bucket.other__B.id}',
      policy: '${data.aws_region.other__R.name}',
      depends_on: ['aws_s3_bucket.other__B'],
      provider: 'aws.p1',
    });
    expect(c.data.aws_region.base__R.provider).toBe('aws.p0');
    expect(c.output.tags__o.value).toBe('${aws_s3_bucket.tags__B.arn} arn:aws:s3:::B');
  });

  test('rejects a bad or repeated prefix', () => {
    expect(() => mergeStacks([{ prefix: 'Base', stack: stack('eu-west-1') }])).toThrow('must match');
    expect(() =>
      mergeStacks([
        { prefix: 'a', stack: stack('eu-west-1') },
        { prefix: 'a', stack: stack('eu-west-1') },
      ]),
    ).toThrow('be unique');
  });
});

describe('stateFromPlan', () => {
  const plan = {
    resource_changes: [
      {
        address: 'aws_s3_bucket.base__B',
        mode: 'managed' as const,
        type: 'aws_s3_bucket',
        name: 'base__B',
        change: {
          actions: ['create'],
          after: { bucket: null, force_destroy: false, tags_all: { a: 'b' } },
          after_unknown: { bucket: true, arn: true, versioning: true, tags_all: {} },
        },
      },
      {
        address: 'aws_kinesis_firehose_delivery_stream.base__S',
        mode: 'managed' as const,
        type: 'aws_kinesis_firehose_delivery_stream',
        name: 'base__S',
        change: { actions: ['create'], after: { name: 's' }, after_unknown: { version_id: true } },
      },
      {
        address: 'data.aws_region.base__R',
        mode: 'data' as const,
        type: 'aws_region',
        name: 'base__R',
        change: { actions: ['read'], after: {}, after_unknown: {} },
      },
    ],
  };
  const seed = () =>
    stateFromPlan(plan, {
      schema,
      providerAlias: () => 'p0',
      accountId: '123456789012',
      region: 'eu-west-1',
    });

  test('planned values are kept; unknowns get stable fakes of their type (ARNs shaped as ARNs)', () => {
    const state = seed();
    expect(state.resources.map((r) => [r.type, r.name, r.provider, r.instances[0].schema_version])).toEqual([
      ['aws_s3_bucket', 'base__B', 'provider["registry.terraform.io/hashicorp/aws"].p0', 0],
      [
        'aws_kinesis_firehose_delivery_stream',
        'base__S',
        'provider["registry.terraform.io/hashicorp/aws"].p0',
        1,
      ],
    ]);
    const bucket = state.resources[0].instances[0].attributes;
    expect(bucket).toMatchObject({ force_destroy: false, tags_all: { a: 'b' }, versioning: [] });
    expect(bucket.bucket).toMatch(/^fake-[0-9a-f]{16}$/);
    expect(bucket.arn).toMatch(/^arn:aws:s3:eu-west-1:123456789012:fake\/[0-9a-f]{16}$/);
    expect(state.resources[1].instances[0].attributes.version_id).toBe(1);
    expect(seed()).toEqual(state);
  });
});
