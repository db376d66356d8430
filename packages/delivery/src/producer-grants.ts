import { PolicyStatement, RoleReference, grantTo, isUnresolved, kmsViaService } from '@icelog/core';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, IConstruct } from 'constructs';
import { ProducerTarget } from './delivery-stream-ref';

/** Actions a Direct PUT producer needs: nothing to read, nothing to manage. */
export const FIREHOSE_PRODUCER_ACTIONS = ['firehose:PutRecord', 'firehose:PutRecordBatch'] as const;

/** Actions a Kinesis producer needs (the KPL describes the stream and lists its shards before writing). */
export const KINESIS_PRODUCER_ACTIONS = [
  'kinesis:PutRecord',
  'kinesis:PutRecords',
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:ListShards',
] as const;

/**
 * The statements that let a producer write to `target` and nothing else. `deliveryStreamArn` names the
 * Firehose stream for a Direct PUT target.
 */
export function producerStatements(
  scope: IConstruct,
  target: ProducerTarget,
  deliveryStreamArn: string,
): PolicyStatement[] {
  if (target.kind === 'firehose') {
    return [
      {
        sid: 'PutRecordsToDeliveryStream',
        actions: [...FIREHOSE_PRODUCER_ACTIONS],
        resources: [deliveryStreamArn],
      },
    ];
  }
  const statements: PolicyStatement[] = [
    {
      sid: 'PutRecordsToSourceStream',
      actions: [...KINESIS_PRODUCER_ACTIONS],
      resources: [target.streamArn],
    },
  ];
  if (target.encryptionKeyArn !== undefined) {
    statements.push({
      sid: 'EncryptWithSourceStreamKey',
      actions: ['kms:GenerateDataKey'],
      resources: [target.encryptionKeyArn],
      conditions: [kmsViaService(scope, 'kinesis')],
    });
  }
  return statements;
}

/**
 * Name of the inline policy a grant attaches: `PutRecords-<name>` when the name of the stream producers
 * write to is known at synth time (readable in the plan, unique per stream), else
 * `PutRecords-<construct address>`.
 */
export function producerPolicyName(scope: IConstruct, streamName: string | undefined): string {
  return streamName !== undefined && !isUnresolved(streamName) && /^[\w+=,.@-]{1,117}$/.test(streamName)
    ? `PutRecords-${streamName}`
    : `PutRecords-${scope.node.addr}`;
}

/** The name producers write to: the delivery stream's for Direct PUT, the Kinesis stream's otherwise. */
export function producerStreamName(target: ProducerTarget): string {
  return target.kind === 'firehose' ? target.deliveryStreamName : target.streamName;
}

/**
 * Attaches {@link producerStatements} to `grantee` as one inline policy named by {@link producerPolicyName}.
 * @param literalStreamName the synth-time name of the stream producers write to, when known
 */
export function grantProducer(
  scope: Construct,
  grantee: RoleReference,
  target: ProducerTarget,
  deliveryStreamArn: string,
  literalStreamName: string | undefined,
): IamRolePolicy {
  return grantTo(
    scope,
    grantee,
    producerPolicyName(scope, literalStreamName),
    producerStatements(scope, target, deliveryStreamArn),
  );
}
