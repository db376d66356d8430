import { IcelogAlarm } from './alarm';
import { COUNT_PERIOD_SECONDS, MonitoredSource } from './delivery-alarms';
import { DashboardWidget, GraphWidget } from './dashboard';
import { LogRouterMetrics } from './log-router';
import { BoundMetric, ECS_SERVICE_METRICS, FIREHOSE_METRICS, KINESIS_METRICS, bindMetric } from './metrics';
import { ResolvedThresholds } from './thresholds';

/** What the pipeline dashboard shows. */
export interface PipelineDashboardInputs {
  readonly title: string;
  readonly deliveryStreamName: string;
  readonly bufferingIntervalSeconds: number;
  readonly source: MonitoredSource;
  readonly thresholds: ResolvedThresholds;
  readonly service?: {
    readonly clusterName: string;
    readonly serviceName: string;
    readonly logRouter: LogRouterMetrics;
  };
  readonly alarms: readonly IcelogAlarm[];
}

/**
 * The environment's dashboard: freshness; incoming vs delivered vs failed rows; incoming vs quota
 * (Direct PUT) or source lag (Kinesis); throttling; ECS tasks; log router errors; alarm status.
 */
export function pipelineDashboardWidgets(inputs: PipelineDashboardInputs): DashboardWidget[] {
  const stream = { DeliveryStreamName: inputs.deliveryStreamName };
  const f = (definition: typeof FIREHOSE_METRICS.incomingBytes): BoundMetric =>
    bindMetric(definition, stream);
  const t = inputs.thresholds;
  const widgets: DashboardWidget[] = [
    {
      kind: 'text',
      markdown: `# ${inputs.title}\nBuffering interval ${inputs.bufferingIntervalSeconds} s. What each alarm means and what to do: README "Operating icelog".`,
    },
    {
      kind: 'graph',
      title: 'Data freshness (s)',
      periodSeconds: 60,
      lines: [{ metric: f(FIREHOSE_METRICS.dataFreshness), label: 'oldest undelivered record' }],
      annotations: [
        { label: 'buffering interval', value: inputs.bufferingIntervalSeconds },
        { label: 'alarm', value: t.freshnessSeconds },
      ],
      yLabel: 'seconds',
    },
    {
      kind: 'graph',
      title: 'Incoming vs delivered vs failed rows',
      periodSeconds: COUNT_PERIOD_SECONDS,
      lines: [
        {
          metric: f(
            inputs.source.kind === 'direct-put'
              ? FIREHOSE_METRICS.incomingRecords
              : FIREHOSE_METRICS.dataReadFromKinesisRecords,
          ),
          label: 'records in',
        },
        { metric: f(FIREHOSE_METRICS.incomingRowCount), label: 'rows attempted' },
        { metric: f(FIREHOSE_METRICS.successfulRowCount), label: 'rows delivered' },
        { metric: f(FIREHOSE_METRICS.failedRowCount), label: 'rows failed (error output)' },
      ],
    },
  ];
  if (inputs.source.kind === 'direct-put') {
    widgets.push(quotaWidget(f, t), {
      kind: 'graph',
      title: 'Throttled records',
      periodSeconds: COUNT_PERIOD_SECONDS,
      lines: [{ metric: f(FIREHOSE_METRICS.throttledRecords), label: 'throttled records' }],
    });
  } else {
    const source = { StreamName: inputs.source.streamName };
    widgets.push(
      {
        kind: 'graph',
        title: 'Kinesis source lag (ms)',
        periodSeconds: 60,
        lines: [
          { metric: bindMetric(KINESIS_METRICS.iteratorAge, source), label: 'iterator age (all readers)' },
          { metric: f(FIREHOSE_METRICS.kinesisMillisBehindLatest), label: 'Firehose behind latest' },
        ],
        annotations: [{ label: 'alarm', value: t.sourceLagMilliseconds }],
      },
      {
        kind: 'graph',
        title: 'Kinesis source write throttling',
        periodSeconds: COUNT_PERIOD_SECONDS,
        lines: [
          {
            metric: bindMetric(KINESIS_METRICS.writeProvisionedThroughputExceeded, source),
            label: 'records rejected',
          },
        ],
      },
    );
  }
  if (inputs.service) {
    const service = { ClusterName: inputs.service.clusterName, ServiceName: inputs.service.serviceName };
    widgets.push(
      {
        kind: 'graph',
        title: 'nginx tasks',
        periodSeconds: 60,
        lines: [
          { metric: bindMetric(ECS_SERVICE_METRICS.desiredTaskCount, service), label: 'desired' },
          { metric: bindMetric(ECS_SERVICE_METRICS.runningTaskCount, service), label: 'running' },
        ],
      },
      {
        kind: 'graph',
        title: 'Log router (Fluent Bit)',
        periodSeconds: COUNT_PERIOD_SECONDS,
        lines: [
          { metric: inputs.service.logRouter.errors, label: '[error] lines' },
          { metric: inputs.service.logRouter.droppedChunks, label: 'dropped chunks' },
        ],
        annotations: [{ label: 'errors alarm', value: t.logRouterErrors }],
      },
    );
  }
  widgets.push({
    kind: 'alarms',
    title: 'Alarms',
    alarmArns: inputs.alarms.map((alarm) => alarm.resource.arn),
  });
  return widgets;
}

function quotaWidget(
  f: (d: typeof FIREHOSE_METRICS.incomingBytes) => BoundMetric,
  t: ResolvedThresholds,
): GraphWidget {
  const p = COUNT_PERIOD_SECONDS;
  return {
    kind: 'graph',
    title: 'Direct PUT use, % of quota',
    periodSeconds: p,
    lines: [
      { metric: f(FIREHOSE_METRICS.incomingBytes), label: 'bytes', id: 'bytes', visible: false },
      {
        metric: f(FIREHOSE_METRICS.bytesPerSecondLimit),
        label: 'bytes limit',
        id: 'bytesLimit',
        visible: false,
      },
      { metric: f(FIREHOSE_METRICS.incomingRecords), label: 'records', id: 'records', visible: false },
      {
        metric: f(FIREHOSE_METRICS.recordsPerSecondLimit),
        label: 'records limit',
        id: 'recordsLimit',
        visible: false,
      },
      { metric: f(FIREHOSE_METRICS.incomingPutRequests), label: 'requests', id: 'requests', visible: false },
      {
        metric: f(FIREHOSE_METRICS.putRequestsPerSecondLimit),
        label: 'requests limit',
        id: 'requestsLimit',
        visible: false,
      },
      { expression: `100 * (bytes / ${p}) / bytesLimit`, label: 'bytes/s', id: 'bytesShare' },
      { expression: `100 * (records / ${p}) / recordsLimit`, label: 'records/s', id: 'recordsShare' },
      { expression: `100 * (requests / ${p}) / requestsLimit`, label: 'requests/s', id: 'requestsShare' },
    ],
    annotations: [{ label: 'alarm', value: Math.round(t.quotaShare * 1000) / 10 }],
    yLabel: '% of quota',
  };
}
