import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AWS_PARTITIONS,
  AWS_REGIONS,
  ValidationError,
  isKnownRegion,
  parseArn,
  partitionOf,
  remapValidationError,
  validateKmsKeyArn,
  validateRegion,
  validateTags,
  withFieldMappings,
} from '../src';

/** The partitions data the AWS SDK for JavaScript ships (the source AWS_REGIONS mirrors). */
function sdkPartitions(): { id: string; dnsSuffix: string; regions: string[] }[] {
  const client = require.resolve('@aws-sdk/core/client');
  const root = client.slice(0, client.lastIndexOf('/dist-cjs/'));
  const file = join(root, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const source = readFileSync(file, 'utf8');
  const info = JSON.parse(source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1));
  return info.partitions.map((p: any) => ({
    id: p.id,
    dnsSuffix: p.outputs.dnsSuffix,
    regions: Object.keys(p.regions).filter((r) => !r.endsWith('-global')),
  }));
}

describe('the region list', () => {
  test('holds exactly the regions and partitions of the AWS SDK partitions data', () => {
    const sdk = sdkPartitions();
    expect(Object.keys(AWS_PARTITIONS).sort()).toEqual(sdk.map((p) => p.id).sort());
    for (const partition of sdk) {
      expect(AWS_PARTITIONS[partition.id].dnsSuffix).toBe(partition.dnsSuffix);
      const ours = Object.keys(AWS_REGIONS).filter((r) => AWS_REGIONS[r].partition === partition.id);
      expect(ours.sort()).toEqual([...partition.regions].sort());
    }
  });

  test('maps a region to its partition', () => {
    expect(partitionOf('eu-west-1')).toEqual({ id: 'aws', dnsSuffix: 'amazonaws.com' });
    expect(partitionOf('cn-northwest-1')?.id).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')?.id).toBe('aws-us-gov');
    expect(partitionOf('eusc-de-east-1')).toEqual({ id: 'aws-eusc', dnsSuffix: 'amazonaws.eu' });
    expect(partitionOf('eu-wst-1')).toBeUndefined();
  });

  test.each([
    [
      'eu-wst-1',
      'must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core)',
    ],
    [
      'EU-WEST-1',
      'must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core)',
    ],
    [
      'mars-north-1',
      'must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core)',
    ],
    [
      'aws-global',
      'must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core)',
    ],
  ])('rejects %s', (region, rule) => {
    expect(isKnownRegion(region)).toBe(false);
    expect(() => validateRegion('region', region)).toThrow(`Invalid region: ${rule}. Received: "${region}"`);
  });
});

describe('ARNs', () => {
  test('are split into their fields', () => {
    expect(parseArn('arn:aws-cn:kms:cn-north-1:111122223333:key/abc')).toEqual({
      partition: 'aws-cn',
      service: 'kms',
      region: 'cn-north-1',
      account: '111122223333',
      resource: 'key/abc',
    });
    expect(parseArn('arn:aws:s3:::bucket/key')).toMatchObject({
      region: '',
      account: '',
      resource: 'bucket/key',
    });
    expect(parseArn('alias/aws/kinesis')).toBeUndefined();
  });

  const key = (partition: string, region: string) =>
    `arn:${partition}:kms:${region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test('a KMS key must be in the stack region and partition when the region is given', () => {
    expect(() => validateKmsKeyArn('k', key('aws', 'eu-west-1'), 'eu-west-1')).not.toThrow();
    expect(() => validateKmsKeyArn('k', key('aws', 'us-east-1'))).not.toThrow();
    expect(() => validateKmsKeyArn('k', key('aws', 'us-east-1'), 'eu-west-1')).toThrow(
      `Invalid k: must be in the stack's region "eu-west-1", not "us-east-1": AWS KMS keys are regional`,
    );
    expect(() => validateKmsKeyArn('k', key('aws-cn', 'cn-north-1'), 'eu-west-1')).toThrow(
      `Invalid k: must be in the stack's partition "aws" (region "eu-west-1"), not "aws-cn": resources cannot be used across partitions. Received: "${key('aws-cn', 'cn-north-1')}"`,
    );
    expect(() => validateKmsKeyArn('k', key('aws-moon', 'eu-west-1'))).toThrow(
      'Invalid k: must be a KMS key ARN',
    );
    expect(() => validateKmsKeyArn('k', 'arn:aws:kms:eu-west-1:111122223333:alias/logs')).toThrow(
      'an alias cannot be used because IAM grants on the key need its key ARN',
    );
  });
});

describe('tags', () => {
  const stack = { environment: { value: 'prod', from: 'config environment' } };

  test.each<[string, Record<string, string>, string]>([
    ['a reserved key prefix', { 'AWS:owner': 'x' }, 'Invalid t.AWS:owner: key must not start with "aws:"'],
    ['a reserved value prefix', { owner: 'aws:team' }, 'Invalid t.owner: must not start with "aws:"'],
    ['a long key', { ['k'.repeat(129)]: 'x' }, 'key must be 1–128 characters long (AWS tag key limit)'],
    ['a long value', { owner: 'v'.repeat(257) }, 'must be at most 256 characters long (AWS tag value limit)'],
    [
      'a bad character',
      { 'cost#center': 'x' },
      'key may contain only letters, digits, spaces and _ . : / = + - @',
    ],
    [
      'a stack tag',
      { environment: 'production' },
      'Invalid t.environment: is a tag the stack sets itself ("prod", from config environment); remove it from t. Received: "production"',
    ],
    [
      'too many tags',
      Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])),
      'Invalid t: must hold at most 49 tags: AWS allows 50 per resource and the stack sets 1 itself (environment). Received: "50 tags"',
    ],
  ])('rejects %s', (_what, tags, message) => {
    expect(() => validateTags('t', tags, stack)).toThrow(message);
  });

  test('accepts the limits themselves and Unicode letters', () => {
    const tags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, '']));
    expect(() =>
      validateTags('t', { ...tags, ['k'.repeat(128)]: 'v'.repeat(256), Équipe: 'Données/ventes @ 2026' }, {}),
    ).not.toThrow();
  });
});

describe('field mappings', () => {
  const mappings = [
    { from: 'appImage', to: 'service.nginxImage' },
    { from: 'network.vpc', to: 'service.network', rule: (rule: string) => `${rule} (mapped)` },
  ];

  test('rename the field and keep the suffix below it', () => {
    const error = remapValidationError(mappings, new ValidationError('network.vpc.subnetIds[0]', 'x', 'bad'));
    expect(error.message).toBe('Invalid service.network.subnetIds[0]: bad (mapped). Received: "x"');
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(ValidationError);
  });

  test('leave other fields and other errors alone', () => {
    const other = new ValidationError('appImageX', 1, 'bad');
    expect(remapValidationError(mappings, other)).toBe(other);
    expect(() =>
      withFieldMappings(mappings, () => {
        throw new ValidationError('appImage', 'nginx', 'must be pinned');
      }),
    ).toThrow('Invalid service.nginxImage: must be pinned. Received: "nginx"');
    expect(() =>
      withFieldMappings(mappings, () => {
        throw new RangeError('not a validation error');
      }),
    ).toThrow(RangeError);
    expect(withFieldMappings(mappings, () => 42)).toBe(42);
  });
});
