import { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { anyOfPhrases } from './filter-pattern';
import { BoundMetric, MetricDefinition } from './metrics';

/**
 * What Fluent Bit writes to its own log (the log router container's stdout/stderr, which FireLens sends
 * to the log router's log group with the `awslogs` driver). Each line starts with
 * `[YYYY/MM/DD hh:mm:ss] [<level>] `, the level right-aligned in five characters (`[error]`, `[ warn]`),
 * without colour codes when the output is not a terminal (fluent-bit `src/flb_log.c`).
 */
export const FLUENT_BIT_MESSAGES = {
  /**
   * Every message Fluent Bit logs at level error: the time stamp's closing bracket, the level, and the
   * opening bracket of the component, e.g. `[2025/01/02 03:04:05] [error] [output:kinesis_firehose:kinesis_firehose.1]
   * Failed to send log records to <stream>`. The brackets on both sides keep nginx's own error lines
   * (`2025/01/02 03:04:05 [error] 29#29: …`) from matching.
   */
  error: '] [error] [',
  /**
   * A chunk whose retries are exhausted is dropped: `[engine] chunk '<id>' cannot be retried: task_id=…,
   * input=… > output=…` (level `warn` in Fluent Bit 1.9, the aws-for-fluent-bit 2.x line; `error` in
   * later releases; fluent-bit `src/flb_engine.c`). AWS's aws-for-fluent-bit debugging guide: "When
   * you see this message, you have lost logs."
   */
  chunkCannotBeRetried: 'cannot be retried',
  /** The scheduler could not plan a retry and the chunk is released: `[engine] retry for chunk '<id>' could not be scheduled`. */
  retryNotScheduled: 'could not be scheduled',
} as const;

/** Sources of the messages above. */
export const FLUENT_BIT_SOURCES = {
  engine: 'https://github.com/fluent/fluent-bit/blob/v1.9.10/src/flb_engine.c',
  log: 'https://github.com/fluent/fluent-bit/blob/v1.9.10/src/flb_log.c',
  debugging: 'https://github.com/aws/aws-for-fluent-bit/blob/mainline/troubleshooting/debugging.md',
} as const;

/** Filter pattern counting Fluent Bit errors. */
export const LOG_ROUTER_ERROR_PATTERN = anyOfPhrases([FLUENT_BIT_MESSAGES.error]);
/** Filter pattern counting chunks Fluent Bit dropped (records lost between the app and the stream). */
export const LOG_ROUTER_DROPPED_CHUNK_PATTERN = anyOfPhrases([
  FLUENT_BIT_MESSAGES.chunkCannotBeRetried,
  FLUENT_BIT_MESSAGES.retryNotScheduled,
]);

/** Names of the metrics the log router's metric filters publish. */
export const LOG_ROUTER_METRIC_NAMES = {
  errors: 'LogRouterErrors',
  droppedChunks: 'LogRouterDroppedChunks',
} as const;

/** The log router's metric filters and the metrics they publish. */
export interface LogRouterMetrics {
  readonly errors: BoundMetric;
  readonly droppedChunks: BoundMetric;
  readonly filters: readonly CloudwatchLogMetricFilter[];
}

/**
 * Two metric filters on the log router's log group: one counts `[error]` lines, one counts dropped
 * chunks. Each matching event adds 1 to a metric in `namespace` (no dimensions: CloudWatch allows
 * dimensions only for JSON and space-delimited patterns); other events publish 0, so the metrics have
 * data whenever the log router logs anything.
 */
export function createLogRouterMetrics(
  scope: Construct,
  logGroupName: string,
  namespace: string,
  filterNamePrefix: string,
): LogRouterMetrics {
  const make = (
    id: string,
    metricName: string,
    pattern: string,
  ): [BoundMetric, CloudwatchLogMetricFilter] => {
    const filter = new CloudwatchLogMetricFilter(scope, id, {
      name: `${filterNamePrefix}-${metricName}`,
      logGroupName,
      pattern,
      metricTransformation: { name: metricName, namespace, value: '1', defaultValue: '0', unit: 'Count' },
    });
    const definition: MetricDefinition = {
      namespace,
      metricName,
      dimensionNames: [],
      statistic: 'Sum',
      source: FLUENT_BIT_SOURCES.engine,
    };
    return [{ definition, dimensions: {} }, filter];
  };
  const [errors, errorFilter] = make(
    'LogRouterErrors',
    LOG_ROUTER_METRIC_NAMES.errors,
    LOG_ROUTER_ERROR_PATTERN,
  );
  const [droppedChunks, droppedFilter] = make(
    'LogRouterDroppedChunks',
    LOG_ROUTER_METRIC_NAMES.droppedChunks,
    LOG_ROUTER_DROPPED_CHUNK_PATTERN,
  );
  return { errors, droppedChunks, filters: [errorFilter, droppedFilter] };
}
