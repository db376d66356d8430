import { BufferingHints } from '@icelog/delivery';
import {
  IcelogConfigError,
  IcelogConfigInput,
  bufferingFor,
  maintenanceFor,
  parseConfig,
  sourceFor,
} from '../src';
import { minimalConfig } from './fixtures';

describe('parseConfig', () => {
  test('applies documented defaults', () => {
    const config = parseConfig(minimalConfig);
    expect(config.tags).toEqual({});
    expect(config.catalog).toEqual({ forceDestroy: false, versioned: false, maintenance: true });
    expect(config.routing).toEqual({ retiredStatuses: [] });
    expect(config.delivery).toEqual({
      buffering: 'aws-default',
      logRetentionDays: 30,
      source: { kind: 'direct-put' },
    });
    expect(config.service).toMatchObject({
      desiredCount: 1,
      assignPublicIp: false,
      allowPublicIngress: false,
      logRetentionDays: 30,
    });
    expect(config.smoke).toEqual({ resultsExpirationDays: 7 });
  });

  test('lists every problem with its path, rule and received value', () => {
    const bad = {
      ...minimalConfig,
      environment: 'Dev',
      region: 'europe',
      catalog: { forceDestroy: 'yes', maintenace: false },
    } as unknown as IcelogConfigInput;
    let error: IcelogConfigError | undefined;
    try {
      parseConfig(bad);
    } catch (e) {
      error = e as IcelogConfigError;
    }
    expect(error).toBeInstanceOf(IcelogConfigError);
    expect(error?.problems).toEqual([
      'Invalid config environment: must be 2–16 lower-case letters and digits, starting with a letter. Received: "Dev"',
      'Invalid config region: must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core). Received: "europe"',
      'Invalid config catalog.forceDestroy: Invalid input: expected boolean, received string. Received: "yes"',
      'Invalid config catalog.maintenace: is not a key of catalog (a typo would silently drop a setting, so unknown keys are errors). Received: false',
    ]);
    expect(error?.message).toContain('Invalid icelog configuration:\n  - Invalid config environment');
  });

  test('a typo in a nested security setting is an error, never silently dropped', () => {
    const typo = { ...minimalConfig, service: { ...minimalConfig.service, asignPublicIp: true } } as never;
    expect(() => parseConfig(typo)).toThrow(
      'Invalid config service.asignPublicIp: is not a key of service (a typo would silently drop a setting, so unknown keys are errors). Received: true',
    );
  });

  test('the source must be one of the known kinds', () => {
    const bad = { ...minimalConfig, delivery: { source: { kind: 'firehose' } } } as never;
    expect(() => parseConfig(bad)).toThrow('Invalid config delivery.source.kind');
  });
});

describe('config mapping', () => {
  test('buffering presets map to the delivery package presets', () => {
    expect(bufferingFor('low-latency')).toBe(BufferingHints.LOW_LATENCY);
    expect(bufferingFor('large-files')).toBe(BufferingHints.LARGE_FILES);
    expect(bufferingFor('aws-default')).toBe(BufferingHints.AWS_DEFAULT);
    expect(bufferingFor({ intervalSeconds: 10, sizeMiB: 2 })).toEqual({ intervalSeconds: 10, sizeMiB: 2 });
  });

  test('Direct PUT is encrypted with the AWS-owned key unless a CMK is configured', () => {
    expect(sourceFor({ kind: 'direct-put' })).toEqual({
      source: { kind: 'direct-put' },
      encryption: { keyType: 'AWS_OWNED_CMK' },
    });
    const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
    expect(sourceFor({ kind: 'direct-put', kmsKeyArn: keyArn }).encryption).toEqual({
      keyType: 'CUSTOMER_MANAGED_CMK',
      keyArn,
    });
  });

  test('a Kinesis source carries no Firehose SSE and maps capacity', () => {
    expect(sourceFor({ kind: 'kinesis', capacity: 'on-demand' })).toEqual({
      source: { kind: 'kinesis', capacity: { mode: 'ON_DEMAND' }, encryptionKeyArn: undefined },
    });
    expect(sourceFor({ kind: 'kinesis', capacity: { shards: 3 } }).source).toMatchObject({
      capacity: { mode: 'PROVISIONED', shardCount: 3 },
    });
  });
});

describe('maintenance mapping', () => {
  test("'snapshot-retention' keeps snapshot retention on and pauses the other optimizers", () => {
    expect(maintenanceFor('snapshot-retention')).toEqual({
      compaction: { enabled: false },
      orphanFileDeletion: { enabled: false },
    });
    expect(maintenanceFor(true)).toEqual({});
    expect(maintenanceFor(false)).toBe(false);
  });
});
