/**
 * Every AWS quota, range and region fact that @icelog/delivery relies on, in one place, with its source.
 * When AWS changes a number, change it here (and the README's tables) and nowhere else.
 *
 * Sources: Amazon Data Firehose developer guide ("Quota", "Apache Iceberg Tables: considerations and
 * limitations", "Handle data delivery failures"), the Firehose API reference (BufferingHints,
 * RetryOptions, DeliveryStreamEncryptionConfigurationInput) and the Kinesis Data Streams developer
 * guide ("Quotas and limits").
 */

/** One mebibyte, the unit of every Firehose and Kinesis throughput figure. */
export const MIB = 1024 * 1024;

/** An inclusive integer range with the value AWS uses when the setting is omitted. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** Iceberg destination buffering interval, in seconds. */
export const BUFFERING_INTERVAL_SECONDS: IntegerRange = { min: 0, max: 900, default: 300 };

/** Iceberg destination buffering size, in MiB. */
export const BUFFERING_SIZE_MIB: IntegerRange = { min: 1, max: 128, default: 5 };

/** How long Firehose retries a failed Iceberg delivery before writing the records to the error prefix. */
export const RETRY_DURATION_SECONDS: IntegerRange = { min: 0, max: 7200, default: 300 };

/** Retention of a Kinesis data stream, in hours (1 to 365 days). */
export const KINESIS_RETENTION_HOURS: IntegerRange = { min: 24, max: 8760, default: 24 };

/** Shards of a provisioned Kinesis data stream (UpdateShardCount cannot scale a stream above 10,000). */
export const KINESIS_SHARD_COUNT = { min: 1, max: 10000 } as const;

/** Throughput of one stream, per second. */
export interface Throughput {
  /** Bytes per second. */
  readonly bytesPerSecond: number;
  /** Records per second. */
  readonly recordsPerSecond: number;
}

/** The per-stream Direct PUT quota of a Firehose delivery stream. */
export interface DirectPutQuota extends Throughput {
  /** `PutRecord` + `PutRecordBatch` requests per second. */
  readonly requestsPerSecond: number;
}

/** Regions whose default Direct PUT quota is the high one ({@link DIRECT_PUT_QUOTA_HIGH}). */
export const HIGH_DIRECT_PUT_QUOTA_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** Default Direct PUT quota per delivery stream in {@link HIGH_DIRECT_PUT_QUOTA_REGIONS}. */
export const DIRECT_PUT_QUOTA_HIGH: DirectPutQuota = {
  bytesPerSecond: 5 * MIB,
  requestsPerSecond: 2000,
  recordsPerSecond: 500000,
};

/** Default Direct PUT quota per delivery stream in every other region. */
export const DIRECT_PUT_QUOTA_STANDARD: DirectPutQuota = {
  bytesPerSecond: 1 * MIB,
  requestsPerSecond: 1000,
  recordsPerSecond: 100000,
};

/** The default Direct PUT quota of a delivery stream in `region` (a literal region name). */
export function directPutQuota(region: string): DirectPutQuota {
  return HIGH_DIRECT_PUT_QUOTA_REGIONS.includes(region) ? DIRECT_PUT_QUOTA_HIGH : DIRECT_PUT_QUOTA_STANDARD;
}

/** `PutRecordBatch` limits per call (for producers such as Fluent Bit; documented, not enforced here). */
export const PUT_RECORD_BATCH_LIMITS = {
  maxRecords: 500,
  maxBytes: 4 * MIB,
  maxRecordBytes: 1000 * 1024,
} as const;

/** Write capacity of one provisioned Kinesis shard. */
export const KINESIS_SHARD_WRITE: Throughput = { bytesPerSecond: 1 * MIB, recordsPerSecond: 1000 };

/** At or above this share of a quota the construct warns; above 100 % it refuses to synthesize. */
export const CAPACITY_WARNING_RATIO = 0.8;

/**
 * Regions where Firehose offers no Apache Iceberg Tables destination ("Considerations and limitations":
 * all regions except China, AWS GovCloud (US) and Asia Pacific (Malaysia)).
 */
export const ICEBERG_UNSUPPORTED_REGIONS: readonly { readonly pattern: RegExp; readonly name: string }[] = [
  { pattern: /^cn-/, name: 'China ("cn-*")' },
  { pattern: /^us-gov-/, name: 'AWS GovCloud (US) ("us-gov-*")' },
  { pattern: /^ap-southeast-5$/, name: 'Asia Pacific (Malaysia) ("ap-southeast-5")' },
];

/** Names the unsupported region family of `region`, or `undefined` when Iceberg delivery exists there. */
export function icebergUnsupportedRegion(region: string): string | undefined {
  return ICEBERG_UNSUPPORTED_REGIONS.find((r) => r.pattern.test(region))?.name;
}
