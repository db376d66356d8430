import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { isUnresolved } from '@icelog/core';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { ProducerTarget } from './delivery-stream-ref';
import { KINESIS_RETENTION_HOURS } from './limits';
import { AWS_MANAGED_KINESIS_KEY, DeliveryStreamSource, parseKinesisStreamArn } from './source';

/** What a delivery stream's source means for the stream, its role and its producers. */
export interface SourceBinding {
  /** The Kinesis data stream the stream reads from, if any (the role may read it). */
  readonly kinesisSource?: { readonly streamArn: string; readonly encryptionKeyArn?: string };
  /** Where producers write when that is not the delivery stream itself (a Kinesis source). */
  readonly kinesisTarget?: ProducerTarget;
  /** The Kinesis data stream created here as the source (construct id `SourceStream`), if any. */
  readonly sourceStream?: KinesisStream;
  /** The literal name of the stream producers write to, when known at synth time. */
  readonly producerStreamLiteralName?: string;
}

/**
 * Binds a delivery stream named `name` to its source: nothing for Direct PUT, a new Kinesis data stream
 * (created in `scope` as `SourceStream`) or an existing one given by ARN. `id` prefixes error fields.
 */
export function bindSource(
  scope: Construct,
  id: string,
  name: string,
  source: DeliveryStreamSource,
): SourceBinding {
  if (source.kind === 'kinesis') {
    const streamName = source.streamName ?? `${name}-source`;
    const capacity = source.capacity ?? { mode: 'ON_DEMAND' };
    const sourceStream = new KinesisStream(scope, 'SourceStream', {
      name: streamName,
      streamModeDetails: { streamMode: capacity.mode },
      shardCount: capacity.mode === 'PROVISIONED' ? capacity.shardCount : undefined,
      retentionPeriod: source.retentionHours ?? KINESIS_RETENTION_HOURS.default,
      encryptionType: 'KMS',
      kmsKeyId: source.encryptionKeyArn ?? AWS_MANAGED_KINESIS_KEY,
    });
    return {
      sourceStream,
      kinesisSource: { streamArn: sourceStream.arn, encryptionKeyArn: source.encryptionKeyArn },
      kinesisTarget: {
        kind: 'kinesis',
        streamName: sourceStream.name,
        streamArn: sourceStream.arn,
        encryptionKeyArn: source.encryptionKeyArn,
      },
      producerStreamLiteralName: isUnresolved(streamName) ? undefined : streamName,
    };
  }
  if (source.kind === 'existing-kinesis') {
    const parsedName = parseKinesisStreamArn(`${id}.source.streamArn`, source.streamArn)?.streamName;
    return {
      kinesisSource: { streamArn: source.streamArn, encryptionKeyArn: source.encryptionKeyArn },
      kinesisTarget: {
        kind: 'kinesis',
        streamName: parsedName ?? Fn.element(Fn.split('/', source.streamArn), 1),
        streamArn: source.streamArn,
        encryptionKeyArn: source.encryptionKeyArn,
      },
      producerStreamLiteralName: parsedName,
    };
  }
  return { producerStreamLiteralName: isUnresolved(name) ? undefined : name };
}
