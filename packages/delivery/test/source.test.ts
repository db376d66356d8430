import { TerraformOutput, Token } from 'cdktf';
import { blocksOf, onlyBlock, synthesize } from '@icelog/core/testing';
import { KEY_ARN, newStream, ref, synthStream } from './fixtures';

const KINESIS_ARN = 'arn:aws:kinesis:eu-west-1:111122223333:stream/icelog-logs';

describe('Kinesis source created by the construct', () => {
  test('defaults: on-demand, KMS with alias/aws/kinesis, 24 h, named after the delivery stream', () => {
    const { json } = synthStream({ source: { kind: 'kinesis' } });
    expect(onlyBlock(json.resource, 'aws_kinesis_stream')).toEqual({
      name: 'icelog-dev-source',
      stream_mode_details: { stream_mode: 'ON_DEMAND' },
      retention_period: 24,
      encryption_type: 'KMS',
      kms_key_id: 'alias/aws/kinesis',
    });
  });

  test('provisioned shards, retention, a CMK and a name', () => {
    const { json } = synthStream({
      source: {
        kind: 'kinesis',
        streamName: 'icelog-dev-logs',
        capacity: { mode: 'PROVISIONED', shardCount: 4 },
        retentionHours: 168,
        encryptionKeyArn: KEY_ARN,
      },
    });
    expect(onlyBlock(json.resource, 'aws_kinesis_stream')).toEqual({
      name: 'icelog-dev-logs',
      stream_mode_details: { stream_mode: 'PROVISIONED' },
      shard_count: 4,
      retention_period: 168,
      encryption_type: 'KMS',
      kms_key_id: KEY_ARN,
    });
  });

  test('Firehose reads the stream with its role and has no server-side encryption block', () => {
    const { json, firehose, stream } = synthStream({ source: { kind: 'kinesis' } });
    expect(firehose.kinesis_source_configuration).toEqual({
      kinesis_stream_arn: ref(json, 'aws_kinesis_stream', 'arn'),
      role_arn: ref(json, 'aws_iam_role', 'arn'),
    });
    expect(firehose.server_side_encryption).toBeUndefined();
    expect(stream.sourceStream).toBeDefined();
  });

  test('producers write to the Kinesis stream', () => {
    const { stack, stream } = newStream({ source: { kind: 'kinesis', encryptionKeyArn: KEY_ARN } });
    expect(stream.producerTarget.kind).toBe('kinesis');
    if (stream.producerTarget.kind !== 'kinesis') throw new Error('unreachable');
    expect(stream.producerTarget.encryptionKeyArn).toBe(KEY_ARN);
    new TerraformOutput(stack, 'name', { value: stream.producerTarget.streamName });
    new TerraformOutput(stack, 'arn', { value: stream.producerTarget.streamArn });
    const json = synthesize(stack);
    expect(json.output.name.value).toBe(ref(json, 'aws_kinesis_stream', 'name'));
    expect(json.output.arn.value).toBe(ref(json, 'aws_kinesis_stream', 'arn'));
  });

  test('validation: name, shard count, retention, key', () => {
    const kinesis = (source: object) => () => newStream({ source: { kind: 'kinesis', ...source } });
    expect(kinesis({ streamName: 'logs/1' })).toThrow(
      'Invalid Delivery.source.streamName: must be 1–128 characters of [a-zA-Z0-9_.-]. Received: "logs/1"',
    );
    for (const shardCount of [0, 10001, 1.5]) {
      expect(kinesis({ capacity: { mode: 'PROVISIONED', shardCount } })).toThrow(
        `Invalid Delivery.source.capacity.shardCount: must be an integer from 1 to 10000 (shards). Received: ${shardCount}`,
      );
    }
    expect(kinesis({ capacity: { mode: 'AUTO' } })).toThrow(
      'Invalid Delivery.source.capacity.mode: must be "ON_DEMAND" or "PROVISIONED". Received: "AUTO"',
    );
    for (const retentionHours of [23, 8761]) {
      expect(kinesis({ retentionHours })).toThrow(
        `Invalid Delivery.source.retentionHours: must be an integer from 24 to 8760 (hours). Received: ${retentionHours}`,
      );
    }
    expect(kinesis({ encryptionKeyArn: 'alias/aws/kinesis' })).toThrow(
      'Invalid Delivery.source.encryptionKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "alias/aws/kinesis"',
    );
  });
});

describe('existing Kinesis stream as source', () => {
  test('reads the given stream; creates none', () => {
    const { json, firehose, stream } = synthStream({
      source: { kind: 'existing-kinesis', streamArn: KINESIS_ARN },
    });
    expect(blocksOf(json.resource, 'aws_kinesis_stream')).toEqual({});
    expect(firehose.kinesis_source_configuration).toEqual({
      kinesis_stream_arn: KINESIS_ARN,
      role_arn: ref(json, 'aws_iam_role', 'arn'),
    });
    expect(firehose.server_side_encryption).toBeUndefined();
    expect(stream.producerTarget).toEqual({
      kind: 'kinesis',
      streamName: 'icelog-logs',
      streamArn: KINESIS_ARN,
      encryptionKeyArn: undefined,
    });
  });

  test('a stream ARN only known at apply time gets its name from the ARN with Terraform functions', () => {
    const arn = Token.asString({ Ref: 'arn' });
    const { stack, stream } = newStream({ source: { kind: 'existing-kinesis', streamArn: arn } });
    if (stream.producerTarget.kind !== 'kinesis') throw new Error('unreachable');
    new TerraformOutput(stack, 'name', { value: stream.producerTarget.streamName });
    expect(synthesize(stack).output.name.value).toMatch(/^\$\{element\(split\("\/", .+\), 1\)\}$/);
  });

  test('validation: ARN shape, region, key, shard count', () => {
    const existing = (source: object) => () =>
      newStream({ source: { kind: 'existing-kinesis', streamArn: KINESIS_ARN, ...source } });
    expect(existing({ streamArn: 'icelog-logs' })).toThrow(
      'Invalid Delivery.source.streamArn: must be a Kinesis data stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>). Received: "icelog-logs"',
    );
    const elsewhere = 'arn:aws:kinesis:us-east-1:111122223333:stream/icelog-logs';
    expect(existing({ streamArn: elsewhere })).toThrow(
      `Invalid Delivery.source.streamArn: must be a stream in the delivery stream's region "eu-west-1" (Firehose reads Kinesis sources in its own region only). Received: "${elsewhere}"`,
    );
    const otherPartition = 'arn:aws-cn:kinesis:cn-north-1:111122223333:stream/icelog-logs';
    expect(existing({ streamArn: otherPartition })).toThrow(
      `Invalid Delivery.source.streamArn: must be in the stack's partition "aws" (region "eu-west-1"), not "aws-cn": resources cannot be used across partitions. Received: "${otherPartition}"`,
    );
    const keyElsewhere = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(existing({ encryptionKeyArn: keyElsewhere })).toThrow(
      `Invalid Delivery.source.encryptionKeyArn: must be in the stack's region "eu-west-1", not "us-east-1": AWS KMS keys are regional`,
    );
    expect(existing({ encryptionKeyArn: 'key' })).toThrow(
      'Invalid Delivery.source.encryptionKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "key"',
    );
    expect(existing({ provisionedShardCount: 0 })).toThrow(
      'Invalid Delivery.source.provisionedShardCount: must be an integer from 1 to 10000 (shards). Received: 0',
    );
  });
});

describe('source and server-side encryption', () => {
  test.each([
    [{ kind: 'kinesis' as const }],
    [{ kind: 'existing-kinesis' as const, streamArn: KINESIS_ARN }],
  ])('SSE together with a Kinesis source is rejected (%j)', (source) => {
    expect(() => newStream({ source, encryption: { keyType: 'AWS_OWNED_CMK' } })).toThrow(
      'Invalid Delivery.encryption: must not be set with a Kinesis source: Firehose cannot apply server-side encryption to a stream that reads from Kinesis; encrypt the Kinesis stream instead (source.encryptionKeyArn). Received: {"keyType":"AWS_OWNED_CMK"}',
    );
  });

  test('an unknown source kind is rejected', () => {
    expect(() => newStream({ source: { kind: 'msk' } as never })).toThrow(
      'Invalid Delivery.source.kind: must be "direct-put", "kinesis" or "existing-kinesis". Received: "msk"',
    );
  });

  test('a raised Direct PUT quota makes no sense with a Kinesis source', () => {
    expect(() =>
      newStream({
        source: { kind: 'kinesis' },
        directPutQuota: { bytesPerSecond: 1, recordsPerSecond: 1, requestsPerSecond: 1 },
      }),
    ).toThrow(
      'Invalid Delivery.directPutQuota: must not be set with a Kinesis source (only Direct PUT streams have this quota). Received: {"bytesPerSecond":1,"recordsPerSecond":1,"requestsPerSecond":1}',
    );
  });
});
