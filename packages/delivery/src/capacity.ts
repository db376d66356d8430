import { ValidationError, isUnresolved } from '@icelog/core';
import {
  CAPACITY_WARNING_RATIO,
  DirectPutQuota,
  KINESIS_SHARD_WRITE,
  MIB,
  directPutQuota as defaultDirectPutQuota,
} from './limits';
import { DeliveryStreamSource } from './source';

/** The ingest a delivery stream must sustain at peak, per second. Set the figures you know. */
export interface ExpectedIngest {
  /**
   * Records per second (one log line is one record).
   * @default - not checked
   */
  readonly recordsPerSecond?: number;
  /**
   * Bytes per second, before any compression.
   * @default - not checked
   */
  readonly bytesPerSecond?: number;
  /**
   * `PutRecord`/`PutRecordBatch` calls per second (Fluent Bit sends one batch per flush per worker).
   * @default - not checked
   */
  readonly requestsPerSecond?: number;
}

/** What {@link assessIngestCapacity} checks. */
export interface IngestCapacityCheck {
  /** Literal region of the delivery stream. */
  readonly region: string;
  /** The delivery stream's source. */
  readonly source: DeliveryStreamSource;
  /** Peak ingest to check. */
  readonly expectedIngest: ExpectedIngest;
  /**
   * Direct PUT quota of this stream when AWS raised it on request.
   * @default - the region's default quota ({@link defaultDirectPutQuota})
   */
  readonly directPutQuota?: DirectPutQuota;
  /**
   * Field path used in messages.
   * @default 'expectedIngest'
   */
  readonly field?: string;
}

type Dimension = 'bytesPerSecond' | 'recordsPerSecond' | 'requestsPerSecond';
const DIMENSIONS: readonly Dimension[] = ['bytesPerSecond', 'recordsPerSecond', 'requestsPerSecond'];

const count = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const mib = (bytes: number): string => `${count(bytes / MIB)} MiB/s (${count(bytes)} bytes/s)`;
const label = (dimension: Dimension, value: number): string =>
  dimension === 'bytesPerSecond'
    ? mib(value)
    : `${count(value)} ${dimension === 'recordsPerSecond' ? 'records' : 'requests'}/s`;

/**
 * The smallest shard count that keeps `ingest` below {@link CAPACITY_WARNING_RATIO} of the shards' write
 * capacity (1 MiB/s and 1,000 records/s each). A request carries at least one record, so requests per
 * second are a lower bound on records per second.
 */
export function shardsFor(ingest: ExpectedIngest): number {
  const records = Math.max(ingest.recordsPerSecond ?? 0, ingest.requestsPerSecond ?? 0);
  const needed = (value: number, perShard: number): number =>
    Math.floor(value / (perShard * CAPACITY_WARNING_RATIO)) + 1;
  return Math.max(
    1,
    needed(ingest.bytesPerSecond ?? 0, KINESIS_SHARD_WRITE.bytesPerSecond),
    needed(records, KINESIS_SHARD_WRITE.recordsPerSecond),
  );
}

/**
 * Checks `expectedIngest` against the capacity of the stream's source, at synth time.
 *
 * - Direct PUT: against the per-stream Direct PUT quota of the region (or `directPutQuota`).
 * - A provisioned Kinesis source (created, or existing with `provisionedShardCount`): against shards ×
 *   (1 MiB/s, 1,000 records/s). Requests are not a Kinesis write limit and are not checked.
 * - An on-demand Kinesis source, or an existing one of unknown size: not checked. On-demand streams scale
 *   their write capacity with traffic (to double the previous peak within 15 minutes, up to the account's
 *   on-demand quota), so there is no fixed figure to compare with.
 *
 * @returns warnings for every figure at or above 80 % of its limit
 * @throws ValidationError for the first figure above its limit, with the advice that fixes it
 */
export function assessIngestCapacity(check: IngestCapacityCheck): string[] {
  const field = check.field ?? 'expectedIngest';
  const ingest = check.expectedIngest;
  validateExpectedIngest(field, ingest);

  const source = check.source;
  const limits = capacityOf(check);
  if (limits === undefined) return [];

  const warnings: string[] = [];
  for (const dimension of DIMENSIONS) {
    const expected = ingest[dimension];
    const limit = limits.values[dimension];
    if (expected === undefined || limit === undefined || isUnresolved(expected)) continue;
    const percent = Math.floor((expected / limit) * 100 + 1e-9); // 1e-9: 0.8 * x / x may be 0.7999…
    const fix =
      source.kind === 'direct-put'
        ? `use a Kinesis Data Stream source instead: { kind: 'kinesis', capacity: { mode: 'PROVISIONED', shardCount: ${shardsFor(ingest)} } } (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard) or { mode: 'ON_DEMAND' }`
        : `use at least ${shardsFor(ingest)} shards (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard) or { mode: 'ON_DEMAND' }`;
    if (expected > limit) {
      throw new ValidationError(
        `${field}.${dimension}`,
        expected,
        `must not exceed ${limits.describe(dimension)}; ${fix}`,
      );
    }
    if (expected >= limit * CAPACITY_WARNING_RATIO) {
      warnings.push(
        `${field}.${dimension}: ${label(dimension, expected)} is ${percent} % of ${limits.describe(dimension)}. Plan for growth: ${fix}.`,
      );
    }
  }
  return warnings;
}

interface Limits {
  readonly values: Partial<Record<Dimension, number>>;
  describe(dimension: Dimension): string;
}

function capacityOf(check: IngestCapacityCheck): Limits | undefined {
  const source = check.source;
  if (source.kind === 'direct-put') {
    const quota = check.directPutQuota ?? defaultDirectPutQuota(check.region);
    const origin = check.directPutQuota ? 'the raised quota in directPutQuota' : 'the default quota';
    return {
      values: quota,
      describe: (d) =>
        `the Direct PUT quota of ${label(d, quota[d])} per delivery stream in ${check.region} (${origin})`,
    };
  }
  const shards =
    source.kind === 'kinesis'
      ? source.capacity?.mode === 'PROVISIONED'
        ? source.capacity.shardCount
        : undefined
      : source.provisionedShardCount;
  if (shards === undefined || isUnresolved(shards)) return undefined;
  const perShard: Partial<Record<Dimension, number>> = KINESIS_SHARD_WRITE;
  const values: Partial<Record<Dimension, number>> = {
    bytesPerSecond: shards * KINESIS_SHARD_WRITE.bytesPerSecond,
    recordsPerSecond: shards * KINESIS_SHARD_WRITE.recordsPerSecond,
  };
  return {
    values,
    describe: (d) =>
      `the write capacity of the Kinesis source stream, ${shards} shard(s) × ${label(d, perShard[d] ?? 0)} = ${label(d, values[d] ?? 0)}`,
  };
}

function validateExpectedIngest(field: string, ingest: ExpectedIngest): void {
  const given = DIMENSIONS.filter((d) => ingest[d] !== undefined);
  if (given.length === 0) {
    throw new ValidationError(
      field,
      ingest,
      'must set at least one of bytesPerSecond, recordsPerSecond, requestsPerSecond (or leave expectedIngest unset)',
    );
  }
  for (const dimension of given) {
    const value = ingest[dimension] as number;
    if (isUnresolved(value)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ValidationError(`${field}.${dimension}`, value, 'must be a finite number ≥ 0');
    }
  }
}
