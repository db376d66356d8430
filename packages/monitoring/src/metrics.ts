/**
 * The AWS metrics icelog watches, each exactly as AWS documents it: namespace, metric name, dimensions
 * and the statistic that is meaningful for it. Every alarm and dashboard widget is built from these
 * definitions, and the package README cites the same source URL per metric.
 */

/** Where AWS documents a metric. */
export const METRIC_SOURCES = {
  firehoseIceberg: 'https://docs.aws.amazon.com/firehose/latest/dev/apache-iceberg-metric.html',
  firehoseIngestion:
    'https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html',
  firehoseAlarms:
    'https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html',
  kinesis: 'https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html',
  containerInsights:
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html',
} as const;

/** A CloudWatch statistic. */
export type Statistic = 'Sum' | 'Maximum' | 'Minimum' | 'Average' | 'SampleCount';

/** A documented metric, without its dimension values. */
export interface MetricDefinition {
  /** CloudWatch namespace, e.g. `AWS/Firehose`. */
  readonly namespace: string;
  /** Metric name, e.g. `DeliveryToIceberg.DataFreshness`. */
  readonly metricName: string;
  /** Names of the dimensions that select one resource. */
  readonly dimensionNames: readonly string[];
  /** The statistic icelog uses for it (documented as meaningful for this metric). */
  readonly statistic: Statistic;
  /** Documentation page of the metric. */
  readonly source: string;
}

const firehose = (metricName: string, statistic: Statistic, source: string): MetricDefinition => ({
  namespace: 'AWS/Firehose',
  metricName,
  dimensionNames: ['DeliveryStreamName'],
  statistic,
  source,
});

/** Metrics of a Firehose stream with the Apache Iceberg destination (dimension `DeliveryStreamName`). */
export const FIREHOSE_METRICS = {
  /** Age (seconds) of the oldest record not yet delivered to the Iceberg tables. */
  dataFreshness: firehose('DeliveryToIceberg.DataFreshness', 'Maximum', METRIC_SOURCES.firehoseIceberg),
  /** Rows Firehose attempts to deliver to the Iceberg tables. */
  incomingRowCount: firehose('DeliveryToIceberg.IncomingRowCount', 'Sum', METRIC_SOURCES.firehoseIceberg),
  /** Rows delivered to the Iceberg tables. */
  successfulRowCount: firehose('DeliveryToIceberg.SuccessfulRowCount', 'Sum', METRIC_SOURCES.firehoseIceberg),
  /** Rows that failed and went to the S3 error output. */
  failedRowCount: firehose('DeliveryToIceberg.FailedRowCount', 'Sum', METRIC_SOURCES.firehoseIceberg),
  /** Bytes ingested (after throttling). */
  incomingBytes: firehose('IncomingBytes', 'Sum', METRIC_SOURCES.firehoseIngestion),
  /** Records ingested (after throttling). */
  incomingRecords: firehose('IncomingRecords', 'Sum', METRIC_SOURCES.firehoseIngestion),
  /** Successful PutRecord and PutRecordBatch requests. */
  incomingPutRequests: firehose('IncomingPutRequests', 'Sum', METRIC_SOURCES.firehoseIngestion),
  /** The stream's current Direct PUT byte quota per second. */
  bytesPerSecondLimit: firehose('BytesPerSecondLimit', 'Minimum', METRIC_SOURCES.firehoseIngestion),
  /** The stream's current Direct PUT record quota per second. */
  recordsPerSecondLimit: firehose('RecordsPerSecondLimit', 'Minimum', METRIC_SOURCES.firehoseIngestion),
  /** The stream's current Direct PUT request quota per second. */
  putRequestsPerSecondLimit: firehose(
    'PutRequestsPerSecondLimit',
    'Minimum',
    METRIC_SOURCES.firehoseIngestion,
  ),
  /** Records throttled because ingestion exceeded one of the stream's limits. */
  throttledRecords: firehose('ThrottledRecords', 'Sum', METRIC_SOURCES.firehoseIngestion),
  /** Records read from the Kinesis source stream. */
  dataReadFromKinesisRecords: firehose(
    'DataReadFromKinesisStream.Records',
    'Sum',
    METRIC_SOURCES.firehoseIngestion,
  ),
  /**
   * How far (milliseconds) Firehose's last read record is behind the newest record of the Kinesis source.
   * AWS names it `KinesisMillisBehindLatest`; there is no `DataReadFromKinesisStream.MillisBehindLatest`.
   */
  kinesisMillisBehindLatest: firehose(
    'KinesisMillisBehindLatest',
    'Average',
    METRIC_SOURCES.firehoseIngestion,
  ),
} as const;

const kinesis = (metricName: string, statistic: Statistic): MetricDefinition => ({
  namespace: 'AWS/Kinesis',
  metricName,
  dimensionNames: ['StreamName'],
  statistic,
  source: METRIC_SOURCES.kinesis,
});

/** Stream-level metrics of a Kinesis data stream (dimension `StreamName`, always published, free). */
export const KINESIS_METRICS = {
  /** Age (milliseconds) of the last record of all GetRecords calls: how far the slowest reader lags. */
  iteratorAge: kinesis('GetRecords.IteratorAgeMilliseconds', 'Maximum'),
  /** Records rejected because the stream's write throughput was exceeded. */
  writeProvisionedThroughputExceeded: kinesis('WriteProvisionedThroughputExceeded', 'Sum'),
} as const;

const containerInsights = (metricName: string, statistic: Statistic): MetricDefinition => ({
  namespace: 'ECS/ContainerInsights',
  metricName,
  dimensionNames: ['ClusterName', 'ServiceName'],
  statistic,
  source: METRIC_SOURCES.containerInsights,
});

/** Container Insights service metrics (dimensions `ClusterName`, `ServiceName`). */
export const ECS_SERVICE_METRICS = {
  /** Tasks currently in the RUNNING state. */
  runningTaskCount: containerInsights('RunningTaskCount', 'Average'),
  /** Tasks the service wants running. */
  desiredTaskCount: containerInsights('DesiredTaskCount', 'Average'),
} as const;

/** A metric of one resource: a definition plus its dimension values (which may be Terraform tokens). */
export interface BoundMetric {
  /** The documented metric. */
  readonly definition: MetricDefinition;
  /** Dimension values by dimension name. */
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * Overrides the definition's statistic.
   * @default - the definition's statistic
   */
  readonly statistic?: Statistic;
}

/** Binds `definition` to dimension values, checking that exactly the documented dimensions are given. */
export function bindMetric(
  definition: MetricDefinition,
  dimensions: Readonly<Record<string, string>>,
): BoundMetric {
  const given = Object.keys(dimensions).sort().join(',');
  const expected = [...definition.dimensionNames].sort().join(',');
  if (given !== expected) {
    throw new Error(
      `${definition.namespace} ${definition.metricName} takes dimensions [${expected}], got [${given}]`,
    );
  }
  return { definition, dimensions };
}
