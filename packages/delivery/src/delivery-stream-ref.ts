import { IGrantee } from '@icelog/core';
import { IConstruct } from 'constructs';

/** A Kinesis Data Firehose delivery stream that producers can write to. */
export interface IIcebergDeliveryStream extends IConstruct {
  /** Delivery stream name (may be a token). */
  readonly deliveryStreamName: string;
  /** Delivery stream ARN (may be a token). */
  readonly deliveryStreamArn: string;
  /**
   * Lets `grantee` call `firehose:PutRecord` and `firehose:PutRecordBatch` on this stream only,
   * by attaching one inline policy to it.
   */
  grantPutRecords(grantee: IGrantee): void;
}
