import { AlarmSpec } from './alarm';
import { FIREHOSE_METRICS, KINESIS_METRICS, bindMetric } from './metrics';
import { ResolvedThresholds } from './thresholds';

/** Where a delivery stream's records come from, as far as its alarms are concerned. */
export type MonitoredSource =
  | { readonly kind: 'direct-put' }
  | {
      readonly kind: 'kinesis';
      /** Name of the Kinesis source stream (may be a token). */
      readonly streamName: string;
    };

/** Period (seconds) of the count and quota alarms: AWS's recommended 5-minute sum. */
export const COUNT_PERIOD_SECONDS = 300;

const FAILURES_README = 'See README "Operating icelog".';

/**
 * The delivery stream's alarms: freshness, failed rows, stalled delivery; for Direct PUT throttling and
 * the three quota shares; for a Kinesis source the readers' lag and the stream's write throttling.
 */
export function deliveryAlarmSpecs(
  deliveryStreamName: string,
  bufferingIntervalSeconds: number,
  source: MonitoredSource,
  t: ResolvedThresholds,
): AlarmSpec[] {
  const stream = { DeliveryStreamName: deliveryStreamName };
  const specs: AlarmSpec[] = [
    {
      key: 'delivery-freshness',
      summary: `The oldest undelivered record in Firehose is older than ${t.freshnessSeconds} s (buffering interval ${bufferingIntervalSeconds} s + margin): rows reach the Iceberg tables late.`,
      action: `Check the delivery error log group and DeliveryToIceberg.FailedRowCount; Glue/S3/KMS permissions and table locks slow commits. ${FAILURES_README}`,
      metric: bindMetric(FIREHOSE_METRICS.dataFreshness, stream),
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: t.freshnessSeconds,
      missingData: 'notBreaching',
      missingDataReason:
        'Firehose emits no freshness while nothing arrives or delivery is fully blocked; the delivery-stalled alarm covers a blocked stream',
    },
    {
      key: 'delivery-failed-rows',
      summary:
        'Firehose could not write rows to the Iceberg tables and put them in the S3 error output (DeliveryToIceberg.FailedRowCount > 0).',
      action:
        'Run `icelog-smoke failures` to see the error codes (e.g. Iceberg.NoSuchTable), fix the cause, then `icelog-smoke redrive` the failed records.',
      metric: bindMetric(FIREHOSE_METRICS.failedRowCount, stream),
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      missingData: 'notBreaching',
      missingDataReason: 'no data points means no delivery attempts, hence no failed rows',
    },
    {
      key: 'delivery-stalled',
      summary: `Records arrived but no row was delivered to the Iceberg tables in two consecutive ${t.stallWindowSeconds} s windows (buffering interval + margin).`,
      action: `Check the delivery error log group (role permissions, KMS, Glue table state) and the failed-rows alarm. ${FAILURES_README}`,
      metric: {
        // Nested IF: 1 when records came in and nothing was delivered in the window.
        expression: 'IF(FILL(incoming, 0) > 0, IF(FILL(delivered, 0) == 0, 1, 0), 0)',
        label: 'records in, no rows delivered',
        metrics: {
          incoming: bindMetric(
            source.kind === 'direct-put'
              ? FIREHOSE_METRICS.incomingRecords
              : FIREHOSE_METRICS.dataReadFromKinesisRecords,
            stream,
          ),
          delivered: bindMetric(FIREHOSE_METRICS.successfulRowCount, stream),
        },
      },
      periodSeconds: t.stallWindowSeconds,
      evaluationPeriods: 2,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      missingData: 'notBreaching',
      missingDataReason:
        'the expression has no value only when no records arrive at all, which is not a stall',
    },
  ];
  if (source.kind === 'direct-put') specs.push(...directPutAlarmSpecs(stream, t));
  else specs.push(...kinesisSourceAlarmSpecs(stream, source.streamName, t));
  return specs;
}

function directPutAlarmSpecs(stream: Record<string, string>, t: ResolvedThresholds): AlarmSpec[] {
  const percent = Math.round(t.quotaShare * 1000) / 10;
  const quota = (
    key: string,
    what: string,
    used: typeof FIREHOSE_METRICS.incomingBytes,
    limit: typeof FIREHOSE_METRICS.bytesPerSecondLimit,
  ): AlarmSpec => ({
    key,
    summary: `Direct PUT ${what} per second reached ${percent} % of the stream's quota (${used.metricName} / ${COUNT_PERIOD_SECONDS} vs ${limit.metricName}).`,
    action:
      'Request a higher Direct PUT quota (Firehose limits form) or move to a Kinesis Data Streams source (delivery.source.kind = "kinesis").',
    metric: {
      expression: `100 * (used / ${COUNT_PERIOD_SECONDS}) / limit`,
      label: `${what} per second, % of quota`,
      metrics: { used: bindMetric(used, stream), limit: bindMetric(limit, stream) },
    },
    periodSeconds: COUNT_PERIOD_SECONDS,
    evaluationPeriods: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: percent,
    missingData: 'notBreaching',
    missingDataReason: 'no incoming traffic uses none of the quota',
  });
  return [
    {
      key: 'delivery-throttled',
      summary:
        'Firehose throttled records because ingestion exceeded one of the stream limits (ThrottledRecords > 0).',
      action:
        'Fluent Bit retries throttled batches; watch the log router dropped-chunks alarm. Raise the quota or move to a Kinesis source.',
      metric: bindMetric(FIREHOSE_METRICS.throttledRecords, stream),
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      missingData: 'notBreaching',
      missingDataReason: 'no data points means no records were throttled',
    },
    quota(
      'delivery-quota-bytes',
      'bytes',
      FIREHOSE_METRICS.incomingBytes,
      FIREHOSE_METRICS.bytesPerSecondLimit,
    ),
    quota(
      'delivery-quota-records',
      'records',
      FIREHOSE_METRICS.incomingRecords,
      FIREHOSE_METRICS.recordsPerSecondLimit,
    ),
    quota(
      'delivery-quota-requests',
      'put requests',
      FIREHOSE_METRICS.incomingPutRequests,
      FIREHOSE_METRICS.putRequestsPerSecondLimit,
    ),
  ];
}

function kinesisSourceAlarmSpecs(
  stream: Record<string, string>,
  streamName: string,
  t: ResolvedThresholds,
): AlarmSpec[] {
  const source = { StreamName: streamName };
  const lagSeconds = t.sourceLagMilliseconds / 1000;
  return [
    {
      key: 'source-iterator-age',
      summary: `A reader of the Kinesis source stream is more than ${lagSeconds} s behind (GetRecords.IteratorAgeMilliseconds).`,
      action:
        'Check that the Firehose stream is ACTIVE and reading; records older than the stream retention are lost.',
      metric: bindMetric(KINESIS_METRICS.iteratorAge, source),
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: t.sourceLagMilliseconds,
      missingData: 'breaching',
      missingDataReason:
        'Firehose polls its source continuously, so no GetRecords data means nothing reads the stream',
    },
    {
      key: 'source-firehose-lag',
      summary: `Firehose's last read record is more than ${lagSeconds} s behind the newest record of the source stream (KinesisMillisBehindLatest).`,
      action: 'Check Firehose throttling on the source (ThrottledGetRecords) and the delivery alarms.',
      metric: bindMetric(FIREHOSE_METRICS.kinesisMillisBehindLatest, stream),
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: t.sourceLagMilliseconds,
      missingData: 'notBreaching',
      missingDataReason:
        'emitted only while Firehose reads; the iterator-age alarm covers a reader that stopped',
    },
    {
      key: 'source-write-throttled',
      summary:
        'The Kinesis source stream rejected records because its write throughput was exceeded (WriteProvisionedThroughputExceeded > 0).',
      action:
        'Add shards (provisioned) or check the on-demand stream limits; Fluent Bit retries rejected records.',
      metric: bindMetric(KINESIS_METRICS.writeProvisionedThroughputExceeded, source),
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      missingData: 'notBreaching',
      missingDataReason: 'no data points means no writes were rejected',
    },
  ];
}
