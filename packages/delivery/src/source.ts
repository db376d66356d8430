import {
  validateKmsKeyArn,
  ValidationError,
  checkIntegerInRange,
  isUnresolved,
  partitionOf,
  validateKinesisStreamName,
} from '@icelog/core';
import { KINESIS_RETENTION_HOURS, KINESIS_SHARD_COUNT } from './limits';

/**
 * Server-side encryption of a Direct PUT delivery stream (records at rest inside Firehose).
 *
 * `AWS_OWNED_CMK` uses a key that Firehose owns and manages (no key policy to maintain, no KMS charges).
 * `CUSTOMER_MANAGED_CMK` uses your symmetric KMS key: Firehose creates a KMS grant on it when the stream
 * is created, so the principal that runs `terraform apply` needs `kms:CreateGrant` and `kms:DescribeKey`
 * on that key. The delivery role itself needs no permission on it.
 */
export interface DeliveryStreamEncryption {
  /** Which key encrypts the records. */
  readonly keyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK';
  /**
   * ARN of the customer-managed key; required with `CUSTOMER_MANAGED_CMK`, not allowed with `AWS_OWNED_CMK`.
   * @default - none
   */
  readonly keyArn?: string;
}

/** Capacity mode of a Kinesis data stream created as the delivery stream's source. */
export type KinesisCapacity =
  /** Kinesis scales the stream with traffic; you pay per GiB written and read. */
  | { readonly mode: 'ON_DEMAND' }
  /** A fixed number of shards, each taking 1 MiB/s and 1,000 records/s of writes. */
  | { readonly mode: 'PROVISIONED'; readonly shardCount: number };

/** Producers write to Firehose with `PutRecord`/`PutRecordBatch` (the default). */
export interface DirectPutSource {
  /** Direct PUT. */
  readonly kind: 'direct-put';
}

/** The construct creates a KMS-encrypted Kinesis data stream, and Firehose reads from it. */
export interface KinesisStreamSource {
  /** A Kinesis data stream created with the delivery stream. */
  readonly kind: 'kinesis';
  /**
   * Name of the Kinesis data stream, 1–128 characters of `[a-zA-Z0-9_.-]`.
   * @default - `<deliveryStreamName>-source`
   */
  readonly streamName?: string;
  /**
   * On-demand or provisioned capacity.
   * @default { mode: 'ON_DEMAND' }
   */
  readonly capacity?: KinesisCapacity;
  /**
   * How long records stay readable in the stream, 24–8760 hours. Longer retention lets Firehose catch up
   * after a long destination outage.
   * @default 24
   */
  readonly retentionHours?: number;
  /**
   * Customer-managed KMS key ARN that encrypts the stream. The delivery role gets `kms:Decrypt` and
   * producers `kms:GenerateDataKey` on it, both only through Kinesis (`kms:ViaService`).
   * @default - the AWS-managed key `alias/aws/kinesis` (no key policy to maintain; no IAM grant needed)
   */
  readonly encryptionKeyArn?: string;
}

/** Firehose reads from a Kinesis data stream that exists outside this construct. */
export interface ExistingKinesisStreamSource {
  /** A Kinesis data stream created elsewhere. */
  readonly kind: 'existing-kinesis';
  /** ARN of the stream, `arn:<partition>:kinesis:<region>:<account>:stream/<name>`, in the stack's region. */
  readonly streamArn: string;
  /**
   * Customer-managed KMS key that encrypts the stream, if any: the delivery role gets `kms:Decrypt` and
   * producers `kms:GenerateDataKey` on it.
   * @default - the stream is unencrypted or uses the AWS-managed key `alias/aws/kinesis`
   */
  readonly encryptionKeyArn?: string;
  /**
   * Shard count of a provisioned stream, for the synth-time capacity check.
   * @default - unknown: the capacity check is skipped
   */
  readonly provisionedShardCount?: number;
}

/** Where the delivery stream gets its records from. */
export type DeliveryStreamSource = DirectPutSource | KinesisStreamSource | ExistingKinesisStreamSource;

/** The AWS-managed key that encrypts a created Kinesis stream when no CMK is given. */
export const AWS_MANAGED_KINESIS_KEY = 'alias/aws/kinesis';

export { validateKmsKeyArn };

const KINESIS_STREAM_ARN = /^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):\d{12}:stream\/([a-zA-Z0-9_.-]{1,128})$/;

/** The region and name in a literal Kinesis stream ARN, or `undefined` for a token. Throws on a bad ARN. */
export function parseKinesisStreamArn(
  field: string,
  arn: string,
): { readonly partition: string; readonly region: string; readonly streamName: string } | undefined {
  if (isUnresolved(arn)) return undefined;
  const match = typeof arn === 'string' ? KINESIS_STREAM_ARN.exec(arn) : null;
  if (!match) {
    throw new ValidationError(
      field,
      arn,
      'must be a Kinesis data stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>)',
    );
  }
  return { partition: match[1], region: match[2], streamName: match[3] };
}

/**
 * Checks the encryption of a Direct PUT stream; with `region` (the stream's literal region), the key must
 * be in that region and its partition.
 */
export function validateEncryption(
  field: string,
  encryption: DeliveryStreamEncryption,
  region?: string,
): void {
  const allowed = ['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'];
  if (!allowed.includes(encryption.keyType)) {
    throw new ValidationError(
      `${field}.keyType`,
      encryption.keyType,
      'must be "AWS_OWNED_CMK" or "CUSTOMER_MANAGED_CMK"',
    );
  }
  if (encryption.keyType === 'CUSTOMER_MANAGED_CMK') {
    if (encryption.keyArn === undefined) {
      throw new ValidationError(
        `${field}.keyArn`,
        encryption.keyArn,
        'is required when keyType is "CUSTOMER_MANAGED_CMK" (name the customer-managed key, or use keyType "AWS_OWNED_CMK")',
      );
    }
    validateKmsKeyArn(`${field}.keyArn`, encryption.keyArn, region);
  } else if (encryption.keyArn !== undefined) {
    throw new ValidationError(
      `${field}.keyArn`,
      encryption.keyArn,
      'must not be set when keyType is "AWS_OWNED_CMK" (Firehose rejects a key ARN for its own key; use keyType "CUSTOMER_MANAGED_CMK")',
    );
  }
}

/**
 * Checks a source. `region` is the delivery stream's literal region: a Kinesis source stream must be in
 * the same region.
 */
export function validateSource(field: string, source: DeliveryStreamSource, region: string): void {
  switch (source.kind) {
    case 'direct-put':
      return;
    case 'kinesis': {
      if (source.streamName !== undefined)
        validateKinesisStreamName(`${field}.streamName`, source.streamName);
      const capacity = source.capacity;
      if (capacity !== undefined) {
        if (capacity.mode === 'PROVISIONED') {
          checkIntegerInRange(
            `${field}.capacity.shardCount`,
            capacity.shardCount,
            KINESIS_SHARD_COUNT.min,
            KINESIS_SHARD_COUNT.max,
            'shards',
          );
        } else if (capacity.mode !== 'ON_DEMAND') {
          throw new ValidationError(
            `${field}.capacity.mode`,
            (capacity as { mode: unknown }).mode,
            'must be "ON_DEMAND" or "PROVISIONED"',
          );
        }
      }
      if (source.retentionHours !== undefined) {
        checkIntegerInRange(
          `${field}.retentionHours`,
          source.retentionHours,
          KINESIS_RETENTION_HOURS.min,
          KINESIS_RETENTION_HOURS.max,
          'hours',
        );
      }
      if (source.encryptionKeyArn !== undefined)
        validateKmsKeyArn(`${field}.encryptionKeyArn`, source.encryptionKeyArn, region);
      return;
    }
    case 'existing-kinesis': {
      const parsed = parseKinesisStreamArn(`${field}.streamArn`, source.streamArn);
      const partition = partitionOf(region)?.id;
      if (parsed && partition !== undefined && parsed.partition !== partition) {
        throw new ValidationError(
          `${field}.streamArn`,
          source.streamArn,
          `must be in the stack's partition "${partition}" (region "${region}"), not "${parsed.partition}": resources cannot be used across partitions`,
        );
      }
      if (parsed && parsed.region !== region) {
        throw new ValidationError(
          `${field}.streamArn`,
          source.streamArn,
          `must be a stream in the delivery stream's region "${region}" (Firehose reads Kinesis sources in its own region only)`,
        );
      }
      if (source.encryptionKeyArn !== undefined)
        validateKmsKeyArn(`${field}.encryptionKeyArn`, source.encryptionKeyArn, region);
      if (source.provisionedShardCount !== undefined) {
        checkIntegerInRange(
          `${field}.provisionedShardCount`,
          source.provisionedShardCount,
          KINESIS_SHARD_COUNT.min,
          KINESIS_SHARD_COUNT.max,
          'shards',
        );
      }
      return;
    }
    default:
      throw new ValidationError(
        `${field}.kind`,
        (source as { kind: unknown }).kind,
        'must be "direct-put", "kinesis" or "existing-kinesis"',
      );
  }
}
