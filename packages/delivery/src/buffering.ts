import { ValidationError, checkIntegerInRange } from '@icelog/core';
import { BUFFERING_INTERVAL_SECONDS, BUFFERING_SIZE_MIB } from './limits';

/**
 * When Firehose flushes its buffer into the Iceberg tables: after `intervalSeconds` or once `sizeMiB` have
 * arrived, whichever comes first. Every flush commits new data files (and a snapshot) to each table that
 * received records, so the hints trade lag for file count: a short interval shows rows in Athena sooner
 * and writes more, smaller files (more S3 requests, more snapshots, more compaction work); a long one
 * writes fewer, larger files at the cost of lag.
 *
 * Set both or neither. Use a preset from {@link BufferingHints} or explicit values.
 */
export interface BufferingHints {
  /**
   * Longest time a record waits in the buffer, 0–900 seconds.
   * @default 300
   */
  readonly intervalSeconds?: number;
  /**
   * Buffer size that triggers a flush, 1–128 MiB.
   * @default 5
   */
  readonly sizeMiB?: number;
}

/** Buffering hints with both values decided. */
export interface ResolvedBufferingHints {
  readonly intervalSeconds: number;
  readonly sizeMiB: number;
}

const preset = (intervalSeconds: number, sizeMiB: number): ResolvedBufferingHints =>
  Object.freeze({ intervalSeconds, sizeMiB });

/** Named buffering presets (lag vs. file count; see the README's "Buffering" section). */
export const BufferingHints = {
  /**
   * For development and smoke tests: rows are queryable about a minute after they are logged. At low
   * traffic each table gets a commit of small files every minute (up to 1,440 commits a day).
   */
  LOW_LATENCY: preset(60, 1),
  /** AWS's defaults, and the construct's: up to 5 minutes of lag, up to 288 commits per table a day. */
  AWS_DEFAULT: preset(BUFFERING_INTERVAL_SECONDS.default, BUFFERING_SIZE_MIB.default),
  /**
   * For production: the largest buffer Firehose allows. Up to 15 minutes of lag, at most 96 commits per
   * table a day at low traffic and flushes of 128 MiB at high traffic: the fewest files, S3 requests,
   * snapshots and compaction runs.
   */
  LARGE_FILES: preset(BUFFERING_INTERVAL_SECONDS.max, BUFFERING_SIZE_MIB.max),
} as const;

/** Checks `hints` (field name `field`) and fills in AWS's defaults when neither value is set. */
export function resolveBufferingHints(
  field: string,
  hints: BufferingHints | undefined,
): ResolvedBufferingHints {
  const { intervalSeconds, sizeMiB } = hints ?? {};
  if ((intervalSeconds === undefined) !== (sizeMiB === undefined)) {
    throw new ValidationError(
      field,
      hints,
      'must set both intervalSeconds and sizeMiB, or neither (Firehose flushes on whichever is reached first, so setting one alone silently keeps the default of the other)',
    );
  }
  if (intervalSeconds === undefined || sizeMiB === undefined) {
    return { intervalSeconds: BUFFERING_INTERVAL_SECONDS.default, sizeMiB: BUFFERING_SIZE_MIB.default };
  }
  checkIntegerInRange(
    `${field}.intervalSeconds`,
    intervalSeconds,
    BUFFERING_INTERVAL_SECONDS.min,
    BUFFERING_INTERVAL_SECONDS.max,
    'seconds',
  );
  checkIntegerInRange(`${field}.sizeMiB`, sizeMiB, BUFFERING_SIZE_MIB.min, BUFFERING_SIZE_MIB.max, 'MiB');
  return { intervalSeconds, sizeMiB };
}
