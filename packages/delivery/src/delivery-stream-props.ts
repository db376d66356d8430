import { BucketEncryption, BucketRef, GlueDatabaseRef } from '@icelog/core';
import type { IWarehouseBucket } from '@icelog/catalog';
import { BufferingHints } from './buffering';
import { ExpectedIngest } from './capacity';
import type { IDeliveryRouting } from './contract';
import { IcebergDestinationTable } from './destination-table';
import { DirectPutQuota } from './limits';
import { DeliveryStreamEncryption, DeliveryStreamSource } from './source';

/**
 * The bucket that holds the Iceberg warehouse and the error output: the catalog's `IWarehouseBucket`
 * (created with `new WarehouseBucket` or imported with `WarehouseBucket.fromBucketAttributes`) fits as
 * is, and the stream derives its KMS key (`kmsKeyArn`) and error prefix (`errorOutputPrefix`) from it.
 * A core `SecureBucket` fits too; its `encryption` names the key.
 */
export interface IcebergWarehouseBucket
  extends BucketRef, Partial<Pick<IWarehouseBucket, 'kmsKeyArn' | 'errorOutputPrefix'>> {
  /**
   * How the bucket encrypts objects (a core `SecureBucket` reports it).
   * @default - unknown: SSE-S3 unless `kmsKeyArn` or the stream's `warehouseKmsKeyArn` names a key
   */
  readonly encryption?: BucketEncryption;
}

/** Props of `IcebergDeliveryStream`. */
export interface IcebergDeliveryStreamProps {
  /** Delivery stream name, 1–64 characters of `[a-zA-Z0-9_.-]`; unique per account and region. */
  readonly deliveryStreamName: string;
  /**
   * The stack's region as a literal, e.g. `eu-west-1`. It must equal the AWS provider's region; the
   * construct needs it at synth time for the Direct PUT quota and to reject regions without the Iceberg
   * destination (China, AWS GovCloud (US), Asia Pacific (Malaysia)).
   */
  readonly region: string;
  /** The Glue database of the tables; its `catalogArn` becomes the destination's catalog. */
  readonly database: GlueDatabaseRef;
  /**
   * The Iceberg tables the stream may write to: the tables the routing can produce. The role is scoped
   * to exactly these table ARNs.
   */
  readonly tables: readonly IcebergDestinationTable[];
  /** Bucket of the warehouse; failed records are written to it under `errorOutputPrefix`. */
  readonly warehouse: IcebergWarehouseBucket;
  /**
   * KMS key of the warehouse bucket: the role may use it through S3 only, and error output objects are
   * encrypted with it.
   * Only for a bucket that does not report its key; it must equal the key the bucket reports.
   * @default - `warehouse.kmsKeyArn`, or `warehouse.encryption.kmsKeyArn` for KMS; otherwise none (SSE-S3)
   */
  readonly warehouseKmsKeyArn?: string;
  /**
   * Key prefix of failed records in the warehouse bucket: a relative prefix ending in `/`. Records that
   * cannot be delivered within `retryDurationSeconds` land under `<errorOutputPrefix>iceberg-failed/`.
   * If it uses `!{…}` expressions it must include `!{firehose:error-output-type}`.
   * @default - `warehouse.errorOutputPrefix` (the catalog's warehouse reports it, so its expiry rule
   *   applies), else 'errors/'
   */
  readonly errorOutputPrefix?: string;
  /**
   * The routing that names a table per record (e.g. `StatusRouting` from `@icelog/routing`): its
   * processing configuration goes to the destination, and `tables` must be exactly the tables it can
   * produce (synth fails naming the missing and extra ones).
   * @default - none: the stream must have exactly one table, which receives every record
   */
  readonly routing?: IDeliveryRouting;
  /**
   * When Firehose flushes to the tables (lag vs. file count). Use a {@link BufferingHints} preset:
   * `LOW_LATENCY` (60 s / 1 MiB) for development, `LARGE_FILES` (900 s / 128 MiB) for production.
   * @default BufferingHints.AWS_DEFAULT (300 s / 5 MiB)
   */
  readonly buffering?: BufferingHints;
  /**
   * How long Firehose retries a failed delivery before writing the records to the error prefix, 0–7200 s.
   * @default 300
   */
  readonly retryDurationSeconds?: number;
  /**
   * Retention of the `/aws/kinesisfirehose/<name>` log group that receives delivery errors; one of
   * CloudWatch's allowed values.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key ARN that encrypts the error log group (its key policy must allow CloudWatch Logs).
   * @default - CloudWatch Logs' default encryption
   */
  readonly logGroupKmsKeyArn?: string;
  /**
   * Where records come from: Direct PUT, a Kinesis data stream that the construct creates, or an existing
   * Kinesis data stream.
   * @default { kind: 'direct-put' }
   */
  readonly source?: DeliveryStreamSource;
  /**
   * Server-side encryption of a Direct PUT stream. Must not be set with a Kinesis source (encrypt the
   * Kinesis stream instead).
   * @default - { keyType: 'AWS_OWNED_CMK' } for Direct PUT; none for a Kinesis source
   */
  readonly encryption?: DeliveryStreamEncryption;
  /**
   * Peak ingest, checked at synth time against the source's capacity: the region's Direct PUT quota, or
   * a provisioned Kinesis source's shards. Above the limit synthesis fails with sizing advice; at 80 % a
   * warning is added.
   * @default - not checked
   */
  readonly expectedIngest?: ExpectedIngest;
  /**
   * This stream's Direct PUT quota when AWS has raised it on request (Firehose limits form).
   * @default - the region's default quota (see limits.ts)
   */
  readonly directPutQuota?: DirectPutQuota;
}

/** Default error output prefix in the warehouse bucket. */
export const DEFAULT_ERROR_OUTPUT_PREFIX = 'errors/';

/** Names of the CloudWatch log streams that receive delivery errors. */
export const DELIVERY_LOG_STREAMS = {
  destination: 'DestinationDelivery',
  backup: 'BackupDelivery',
} as const;
