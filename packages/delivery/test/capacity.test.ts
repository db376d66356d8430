import {
  DIRECT_PUT_QUOTA_HIGH,
  DIRECT_PUT_QUOTA_STANDARD,
  DeliveryStreamSource,
  ExpectedIngest,
  MIB,
  assessIngestCapacity,
  directPutQuota,
  shardsFor,
} from '../src';
import { newStream, warningsOf } from './fixtures';

const DIRECT_PUT: DeliveryStreamSource = { kind: 'direct-put' };
const assess = (region: string, expectedIngest: ExpectedIngest, source: DeliveryStreamSource = DIRECT_PUT) =>
  assessIngestCapacity({ region, source, expectedIngest });

const ADVICE = (shards: number) =>
  `use a Kinesis Data Stream source instead: { kind: 'kinesis', capacity: { mode: 'PROVISIONED', shardCount: ${shards} } } (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard) or { mode: 'ON_DEMAND' }`;

describe('Direct PUT quotas per region class', () => {
  test('us-east-1, us-west-2 and eu-west-1 have 5 MiB/s, 2,000 requests/s, 500,000 records/s', () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(directPutQuota(region)).toEqual({
        bytesPerSecond: 5242880,
        requestsPerSecond: 2000,
        recordsPerSecond: 500000,
      });
    }
  });

  test('every other region has 1 MiB/s, 1,000 requests/s, 100,000 records/s', () => {
    for (const region of ['eu-central-1', 'us-east-2', 'ap-northeast-1', 'sa-east-1']) {
      expect(directPutQuota(region)).toEqual({
        bytesPerSecond: 1048576,
        requestsPerSecond: 1000,
        recordsPerSecond: 100000,
      });
    }
  });
});

// Each row: region, dimension, quota, the message fragment naming the quota, shards advised just above it.
const CASES = [
  ['us-east-1', 'bytesPerSecond', DIRECT_PUT_QUOTA_HIGH.bytesPerSecond, '5 MiB/s (5,242,880 bytes/s)', 7],
  ['us-east-1', 'requestsPerSecond', DIRECT_PUT_QUOTA_HIGH.requestsPerSecond, '2,000 requests/s', 3],
  ['us-east-1', 'recordsPerSecond', DIRECT_PUT_QUOTA_HIGH.recordsPerSecond, '500,000 records/s', 626],
  [
    'eu-central-1',
    'bytesPerSecond',
    DIRECT_PUT_QUOTA_STANDARD.bytesPerSecond,
    '1 MiB/s (1,048,576 bytes/s)',
    2,
  ],
  ['eu-central-1', 'requestsPerSecond', DIRECT_PUT_QUOTA_STANDARD.requestsPerSecond, '1,000 requests/s', 2],
  ['eu-central-1', 'recordsPerSecond', DIRECT_PUT_QUOTA_STANDARD.recordsPerSecond, '100,000 records/s', 126],
] as const;

describe.each(CASES)('%s %s (quota %p)', (region, dimension, quota, quotaText, shardsAbove) => {
  const eighty = quota * 0.8;

  test('just below 80 %: no warning', () => {
    expect(assess(region, { [dimension]: Math.ceil(eighty) - 1 })).toEqual([]);
  });

  test('at 80 %: one warning naming the quota and the Kinesis alternative', () => {
    const warnings = assess(region, { [dimension]: eighty });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`expectedIngest.${dimension}: `);
    expect(warnings[0]).toContain(
      ` is 80 % of the Direct PUT quota of ${quotaText} per delivery stream in ${region} (the default quota). Plan for growth: use a Kinesis Data Stream source instead`,
    );
  });

  test('at the quota: still allowed, with a 100 % warning', () => {
    const warnings = assess(region, { [dimension]: quota });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(` is 100 % of the Direct PUT quota of ${quotaText}`);
  });

  test('above the quota: refused, with the Kinesis source sized in shards', () => {
    expect(() => assess(region, { [dimension]: quota + 1 })).toThrow(
      `Invalid expectedIngest.${dimension}: must not exceed the Direct PUT quota of ${quotaText} per delivery stream in ${region} (the default quota); ${ADVICE(shardsAbove)}. Received: ${quota + 1}`,
    );
  });
});

describe('exact warning text', () => {
  test('bytes at 80 % in us-east-1', () => {
    expect(assess('us-east-1', { bytesPerSecond: 4 * MIB })).toEqual([
      `expectedIngest.bytesPerSecond: 4 MiB/s (4,194,304 bytes/s) is 80 % of the Direct PUT quota of 5 MiB/s (5,242,880 bytes/s) per delivery stream in us-east-1 (the default quota). Plan for growth: ${ADVICE(6)}.`,
    ]);
  });

  test('several figures near their quota give one warning each', () => {
    const warnings = assess('eu-central-1', {
      bytesPerSecond: 0.9 * MIB,
      recordsPerSecond: 85000,
      requestsPerSecond: 10,
    });
    expect(warnings).toEqual([
      `expectedIngest.bytesPerSecond: 0.9 MiB/s (943,718.4 bytes/s) is 90 % of the Direct PUT quota of 1 MiB/s (1,048,576 bytes/s) per delivery stream in eu-central-1 (the default quota). Plan for growth: ${ADVICE(107)}.`,
      `expectedIngest.recordsPerSecond: 85,000 records/s is 85 % of the Direct PUT quota of 100,000 records/s per delivery stream in eu-central-1 (the default quota). Plan for growth: ${ADVICE(107)}.`,
    ]);
  });
});

describe('through the construct', () => {
  test('a warning is attached to the delivery stream', () => {
    const { stream } = newStream({ region: 'eu-central-1', expectedIngest: { requestsPerSecond: 900 } });
    expect(warningsOf(stream)).toEqual([
      `Delivery.expectedIngest.requestsPerSecond: 900 requests/s is 90 % of the Direct PUT quota of 1,000 requests/s per delivery stream in eu-central-1 (the default quota). Plan for growth: ${ADVICE(2)}.`,
    ]);
  });

  test('over the quota, the construct refuses to synthesize', () => {
    expect(() => newStream({ region: 'eu-central-1', expectedIngest: { bytesPerSecond: 3 * MIB } })).toThrow(
      `Invalid Delivery.expectedIngest.bytesPerSecond: must not exceed the Direct PUT quota of 1 MiB/s (1,048,576 bytes/s) per delivery stream in eu-central-1 (the default quota); ${ADVICE(4)}. Received: 3145728`,
    );
  });

  test('the advised Kinesis source passes without a warning', () => {
    const { stream } = newStream({
      region: 'eu-central-1',
      expectedIngest: { bytesPerSecond: 3 * MIB },
      source: { kind: 'kinesis', capacity: { mode: 'PROVISIONED', shardCount: 4 } },
    });
    expect(warningsOf(stream)).toEqual([]);
  });

  test('a raised quota replaces the default one', () => {
    const directPutQuotaRaised = {
      bytesPerSecond: 10 * MIB,
      recordsPerSecond: 1000000,
      requestsPerSecond: 5000,
    };
    const ok = newStream({
      region: 'eu-central-1',
      expectedIngest: { bytesPerSecond: 3 * MIB },
      directPutQuota: directPutQuotaRaised,
    });
    expect(warningsOf(ok.stream)).toEqual([]);
    const near = newStream({
      region: 'eu-central-1',
      expectedIngest: { bytesPerSecond: 9 * MIB },
      directPutQuota: directPutQuotaRaised,
    });
    expect(warningsOf(near.stream)[0]).toContain(
      'is 90 % of the Direct PUT quota of 10 MiB/s (10,485,760 bytes/s) per delivery stream in eu-central-1 (the raised quota in directPutQuota)',
    );
  });

  test('a raised quota must be positive', () => {
    expect(() =>
      newStream({ directPutQuota: { bytesPerSecond: 0, recordsPerSecond: 1, requestsPerSecond: 1 } }),
    ).toThrow('Invalid Delivery.directPutQuota.bytesPerSecond: must be a finite number > 0. Received: 0');
  });
});

describe('Kinesis source capacity', () => {
  const provisioned = (shardCount: number): DeliveryStreamSource => ({
    kind: 'kinesis',
    capacity: { mode: 'PROVISIONED', shardCount },
  });

  test('below 80 %, at 80 % and at capacity of 2 shards', () => {
    expect(
      assess('eu-west-1', { bytesPerSecond: 1.6 * MIB - 1, recordsPerSecond: 1599 }, provisioned(2)),
    ).toEqual([]);
    expect(assess('eu-west-1', { bytesPerSecond: 1.6 * MIB }, provisioned(2))).toEqual([
      "expectedIngest.bytesPerSecond: 1.6 MiB/s (1,677,721.6 bytes/s) is 80 % of the write capacity of the Kinesis source stream, 2 shard(s) × 1 MiB/s (1,048,576 bytes/s) = 2 MiB/s (2,097,152 bytes/s). Plan for growth: use at least 3 shards (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard) or { mode: 'ON_DEMAND' }.",
    ]);
    expect(assess('eu-west-1', { recordsPerSecond: 2000 }, provisioned(2))[0]).toContain(
      'is 100 % of the write capacity of the Kinesis source stream, 2 shard(s) × 1,000 records/s = 2,000 records/s',
    );
  });

  test('above capacity: refused with the shard count that fits', () => {
    expect(() => assess('eu-west-1', { bytesPerSecond: 2 * MIB + 1 }, provisioned(2))).toThrow(
      "Invalid expectedIngest.bytesPerSecond: must not exceed the write capacity of the Kinesis source stream, 2 shard(s) × 1 MiB/s (1,048,576 bytes/s) = 2 MiB/s (2,097,152 bytes/s); use at least 3 shards (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard) or { mode: 'ON_DEMAND' }. Received: 2097153",
    );
    expect(() => assess('eu-west-1', { recordsPerSecond: 2001 }, provisioned(2))).toThrow(
      "Invalid expectedIngest.recordsPerSecond: must not exceed the write capacity of the Kinesis source stream, 2 shard(s) × 1,000 records/s = 2,000 records/s; use at least 3 shards (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard) or { mode: 'ON_DEMAND' }. Received: 2001",
    );
  });

  test('an existing stream is checked when its shard count is given', () => {
    const existing: DeliveryStreamSource = {
      kind: 'existing-kinesis',
      streamArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/s',
      provisionedShardCount: 1,
    };
    expect(() => assess('eu-west-1', { recordsPerSecond: 1001 }, existing)).toThrow(
      'Invalid expectedIngest.recordsPerSecond: must not exceed the write capacity of the Kinesis source stream, 1 shard(s) × 1,000 records/s = 1,000 records/s; use at least 2 shards',
    );
  });

  test('requests are not a Kinesis write limit; on-demand and unsized streams are not checked', () => {
    expect(assess('eu-west-1', { requestsPerSecond: 1e9 }, provisioned(1))).toEqual([]);
    const huge = { bytesPerSecond: 1000 * MIB, recordsPerSecond: 1e7 };
    expect(assess('eu-west-1', huge, { kind: 'kinesis' })).toEqual([]);
    expect(assess('eu-west-1', huge, { kind: 'kinesis', capacity: { mode: 'ON_DEMAND' } })).toEqual([]);
    expect(
      assess('eu-west-1', huge, {
        kind: 'existing-kinesis',
        streamArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/s',
      }),
    ).toEqual([]);
  });
});

describe('shardsFor', () => {
  test('keeps every figure under 80 % of the per-shard write limits', () => {
    expect(shardsFor({})).toBe(1);
    expect(shardsFor({ bytesPerSecond: 0.79 * MIB })).toBe(1);
    expect(shardsFor({ bytesPerSecond: 0.8 * MIB })).toBe(2);
    expect(shardsFor({ bytesPerSecond: 10 * MIB })).toBe(13);
    expect(shardsFor({ recordsPerSecond: 799 })).toBe(1);
    expect(shardsFor({ recordsPerSecond: 800 })).toBe(2);
    expect(shardsFor({ bytesPerSecond: 1 * MIB, recordsPerSecond: 8000 })).toBe(11);
  });

  test('requests are a lower bound on records', () => {
    expect(shardsFor({ requestsPerSecond: 1600 })).toBe(3);
    expect(shardsFor({ requestsPerSecond: 1600, recordsPerSecond: 100 })).toBe(3);
  });
});

describe('expectedIngest validation', () => {
  test('at least one figure', () => {
    expect(() => assess('eu-west-1', {})).toThrow(
      'Invalid expectedIngest: must set at least one of bytesPerSecond, recordsPerSecond, requestsPerSecond (or leave expectedIngest unset). Received: {}',
    );
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (value) => {
    expect(() => assess('eu-west-1', { recordsPerSecond: value })).toThrow(
      `Invalid expectedIngest.recordsPerSecond: must be a finite number ≥ 0. Received: ${value}`,
    );
  });
});
