import { RoleReference } from '@icelog/core';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IConstruct } from 'constructs';

/**
 * Where producers send records. A Direct PUT stream takes `firehose:PutRecordBatch`; a stream whose
 * source is a Kinesis data stream rejects Direct PUT, so producers write to the Kinesis stream instead.
 */
export type ProducerTarget =
  | { readonly kind: 'firehose'; readonly deliveryStreamName: string }
  | {
      readonly kind: 'kinesis';
      readonly streamName: string;
      readonly streamArn: string;
      /**
       * Customer-managed KMS key that encrypts the stream; producers need `kms:GenerateDataKey` on it.
       * @default - none: the stream is unencrypted or uses the AWS-managed key `alias/aws/kinesis`
       */
      readonly encryptionKeyArn?: string;
    };

/** A Kinesis Data Firehose delivery stream that producers can write to. */
export interface IIcebergDeliveryStream extends IConstruct {
  /** Delivery stream name (may be a token). */
  readonly deliveryStreamName: string;
  /** Delivery stream ARN (may be a token). */
  readonly deliveryStreamArn: string;
  /** Where producers must send records (the delivery stream, or its Kinesis source stream). */
  readonly producerTarget: ProducerTarget;
  /**
   * Lets `grantee` write records to {@link producerTarget} and nothing else, by attaching one inline
   * policy to it: `firehose:PutRecord`/`PutRecordBatch` on this stream for Direct PUT;
   * `kinesis:PutRecord`/`PutRecords`/`DescribeStream*`/`ListShards` on the source stream otherwise (plus
   * `kms:GenerateDataKey` on its key when that is customer-managed).
   * @param grantee any role reference: a `Role`, a provider `IamRole`/`DataAwsIamRole`, a role name or ARN
   * @returns the inline policy, so callers can depend on it
   */
  grantPutRecords(grantee: RoleReference): IamRolePolicy;
}
