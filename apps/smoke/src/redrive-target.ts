import { createHash } from 'node:crypto';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { FIREHOSE_BATCH_LIMITS, KINESIS_BATCH_LIMITS, type BatchLimits } from './batches';

/** One record to put back: its bytes and a stable id (object key and position). */
export interface RedriveEntry {
  readonly id: string;
  readonly data: Buffer;
}

/** Where redriven records go: the delivery stream (Direct PUT) or its Kinesis source stream. */
export interface RedriveTarget {
  /** For messages, e.g. `Firehose stream icelog-dev`. */
  readonly label: string;
  /** The API call, e.g. `Firehose PutRecordBatch`. */
  readonly operation: string;
  readonly limits: BatchLimits;
  /** A record's size as the service counts it against the limits. */
  sizeOf(entry: RedriveEntry): number;
  /**
   * Puts one batch. Resolves with the positions (in `entries`) the service rejected, with its
   * error code; rejects when the call as a whole failed.
   */
  put(
    entries: readonly RedriveEntry[],
    abortSignal?: AbortSignal,
  ): Promise<{ index: number; code: string; message?: string }[]>;
}

/** Firehose PutRecordBatch into a Direct PUT delivery stream. */
export function firehoseTarget(client: FirehoseClient, streamName: string): RedriveTarget {
  return {
    label: `Firehose stream ${streamName}`,
    operation: 'Firehose PutRecordBatch',
    limits: FIREHOSE_BATCH_LIMITS,
    sizeOf: (entry) => entry.data.length,
    async put(entries, abortSignal) {
      const { PutRecordBatchCommand } = await import('@aws-sdk/client-firehose');
      const response = await client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: streamName,
          Records: entries.map((entry) => ({ Data: entry.data })),
        }),
        { abortSignal },
      );
      return (response.RequestResponses ?? []).flatMap((result, index) =>
        result.ErrorCode ? [{ index, code: result.ErrorCode, message: result.ErrorMessage }] : [],
      );
    },
  };
}

/** The partition key of a redriven record: stable per record, spread over the shards. */
export function partitionKeyOf(entry: RedriveEntry): string {
  return createHash('sha256').update(entry.id).digest('hex').slice(0, 32);
}

/** Kinesis PutRecords into the delivery stream's source stream. */
export function kinesisTarget(client: KinesisClient, streamName: string): RedriveTarget {
  return {
    label: `Kinesis stream ${streamName} (the delivery stream's source)`,
    operation: 'Kinesis PutRecords',
    limits: KINESIS_BATCH_LIMITS,
    sizeOf: (entry) => entry.data.length + Buffer.byteLength(partitionKeyOf(entry)),
    async put(entries, abortSignal) {
      const { PutRecordsCommand } = await import('@aws-sdk/client-kinesis');
      const response = await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: entries.map((entry) => ({ Data: entry.data, PartitionKey: partitionKeyOf(entry) })),
        }),
        { abortSignal },
      );
      return (response.Records ?? []).flatMap((result, index) =>
        result.ErrorCode ? [{ index, code: result.ErrorCode, message: result.ErrorMessage }] : [],
      );
    },
  };
}
