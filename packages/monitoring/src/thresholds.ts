import { ValidationError, checkIntegerInRange, isUnresolved } from '@icelog/core';

/** Alarm thresholds; each has a default derived from the pipeline's own settings. */
export interface MonitoringThresholds {
  /**
   * Seconds added to the buffering interval: data older than interval + margin is late (freshness alarm),
   * and a window of interval + margin without any delivered row while records arrive is a stall.
   * 60–3600.
   * @default 300 (Firehose's default retry duration)
   */
  readonly freshnessMarginSeconds?: number;
  /**
   * The freshness alarm's threshold in seconds, replacing the derived interval + margin. Must exceed the
   * buffering interval (freshness reaches the interval in normal operation).
   * @default - buffering interval + freshnessMarginSeconds
   */
  readonly freshnessSeconds?: number;
  /**
   * Share of the Direct PUT quota (bytes, records and requests per second) at which the quota alarms
   * fire, in (0, 1].
   * @default 0.8
   */
  readonly quotaShare?: number;
  /**
   * With a Kinesis source: how far (seconds) the stream's readers and Firehose's reader may lag behind
   * the newest record. 60–86400.
   * @default 600
   */
  readonly sourceLagSeconds?: number;
  /**
   * Fluent Bit `[error]` lines in 5 minutes that make the log router errors alarm fire (1–100000).
   * Single transient errors (a retried throttled request) are normal, so the default tolerates a few.
   * @default 5
   */
  readonly logRouterErrors?: number;
  /**
   * Minutes the service may run fewer tasks than desired before the alarm fires (1–60); covers task
   * replacement and rolling deployments.
   * @default 5
   */
  readonly tasksBelowDesiredMinutes?: number;
}

/** {@link MonitoringThresholds} resolved for one delivery stream. */
export interface ResolvedThresholds {
  readonly freshnessSeconds: number;
  /** Window (seconds, a multiple of 60) in which delivered rows must follow incoming records. */
  readonly stallWindowSeconds: number;
  readonly quotaShare: number;
  readonly sourceLagMilliseconds: number;
  readonly logRouterErrors: number;
  readonly tasksBelowDesiredMinutes: number;
}

/** Validates `thresholds` and derives the effective values from the buffering interval. */
export function resolveThresholds(
  field: string,
  bufferingIntervalSeconds: number,
  thresholds: MonitoringThresholds = {},
): ResolvedThresholds {
  if (isUnresolved(bufferingIntervalSeconds)) {
    throw new ValidationError(
      'deliveryStream.buffering.intervalSeconds',
      bufferingIntervalSeconds,
      'must be a literal number of seconds: alarm thresholds are derived from it at synth time',
    );
  }
  const margin = thresholds.freshnessMarginSeconds ?? 300;
  checkIntegerInRange(`${field}.freshnessMarginSeconds`, margin, 60, 3600, 'seconds');
  const freshnessSeconds = thresholds.freshnessSeconds ?? bufferingIntervalSeconds + margin;
  checkIntegerInRange(`${field}.freshnessSeconds`, freshnessSeconds, 1, 86_400, 'seconds');
  if (freshnessSeconds <= bufferingIntervalSeconds) {
    throw new ValidationError(
      `${field}.freshnessSeconds`,
      freshnessSeconds,
      `must exceed the buffering interval (${bufferingIntervalSeconds} s): data freshness reaches the interval in normal operation, so the alarm would fire constantly`,
    );
  }
  const quotaShare = thresholds.quotaShare ?? 0.8;
  if (typeof quotaShare !== 'number' || !(quotaShare > 0 && quotaShare <= 1)) {
    throw new ValidationError(`${field}.quotaShare`, quotaShare, 'must be a number in (0, 1], e.g. 0.8');
  }
  const lag = thresholds.sourceLagSeconds ?? 600;
  checkIntegerInRange(`${field}.sourceLagSeconds`, lag, 60, 86_400, 'seconds');
  const logRouterErrors = thresholds.logRouterErrors ?? 5;
  checkIntegerInRange(`${field}.logRouterErrors`, logRouterErrors, 1, 100_000, 'errors per 5 minutes');
  const tasksBelowDesiredMinutes = thresholds.tasksBelowDesiredMinutes ?? 5;
  checkIntegerInRange(`${field}.tasksBelowDesiredMinutes`, tasksBelowDesiredMinutes, 1, 60, 'minutes');
  return {
    freshnessSeconds,
    stallWindowSeconds: Math.ceil((bufferingIntervalSeconds + margin) / 60) * 60,
    quotaShare,
    sourceLagMilliseconds: lag * 1000,
    logRouterErrors,
    tasksBelowDesiredMinutes,
  };
}
