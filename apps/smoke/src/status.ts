import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type AwsCallOptions, awsCall } from './aws-call';
import { ExitCode, type ExitCodeValue } from './errors';
import type { Progress } from './progress';
import type { StackAlarm } from './stack-resources';

/**
 * The Firehose metrics `status` reads (namespace `AWS/Firehose`, dimension `DeliveryStreamName`),
 * as the Amazon Data Firehose developer guide names them ("Monitor metrics" for Apache Iceberg
 * Tables destinations).
 */
export const FIREHOSE_NAMESPACE = 'AWS/Firehose';
export const DATA_FRESHNESS_METRIC = 'DeliveryToIceberg.DataFreshness';
export const FAILED_ROWS_METRIC = 'DeliveryToIceberg.FailedRowCount';

/** What `status` looks at. */
export interface StatusOptions {
  readonly deliveryStream: string;
  /** The stack's alarms (names are literals in cdk.tf.json). */
  readonly alarms: readonly StackAlarm[];
  /** The stream's buffering interval: freshness above it means delivery is behind. */
  readonly bufferingIntervalSeconds?: number;
}

/** Injected collaborators of {@link runStatus}. */
export interface StatusContext {
  readonly cloudwatch: CloudWatchClient;
  readonly call: AwsCallOptions;
  readonly progress: Progress;
}

/** One alarm's state. */
export interface AlarmStatus {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  /** `OK`, `ALARM`, `INSUFFICIENT_DATA`, or `NOT_FOUND` (the stack declares it, CloudWatch has none). */
  readonly state: string;
  readonly reason?: string;
  /** ISO time of the last state change. */
  readonly since?: string;
}

/** The `status` report; also the `--json` document. */
export interface StatusReport {
  readonly command: 'status';
  readonly ok: boolean;
  readonly exitCode: ExitCodeValue;
  readonly deliveryStream: string;
  readonly alarms: readonly AlarmStatus[];
  readonly freshness: {
    /** Latest 1-minute maximum of DataFreshness in the last 15 minutes, seconds; null without data. */
    readonly latestSeconds: number | null;
    readonly at: string | null;
    readonly bufferingIntervalSeconds: number | null;
    /** True when the latest freshness is at most the buffering interval. */
    readonly withinBufferingInterval: boolean | null;
  };
  /** Sum of FailedRowCount over the last hour. */
  readonly failedRowsLastHour: number;
}

const cloudwatchSdk = () => import('@aws-sdk/client-cloudwatch');

async function describeAlarms(alarms: readonly StackAlarm[], context: StatusContext): Promise<AlarmStatus[]> {
  const { DescribeAlarmsCommand } = await cloudwatchSdk();
  const found = new Map<string, AlarmStatus>();
  for (let i = 0; i < alarms.length; i += 100) {
    const names = alarms.slice(i, i + 100).map((alarm) => alarm.name);
    let token: string | undefined;
    do {
      const page = await awsCall(
        'CloudWatch DescribeAlarms',
        (abortSignal) =>
          context.cloudwatch.send(
            new DescribeAlarmsCommand({
              AlarmNames: names,
              AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
              NextToken: token,
            }),
            { abortSignal },
          ),
        context.call,
      );
      for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
        if (!alarm.AlarmName) continue;
        found.set(alarm.AlarmName, {
          name: alarm.AlarmName,
          kind: alarms.find((a) => a.name === alarm.AlarmName)?.kind ?? 'metric',
          state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
          reason: alarm.StateReason,
          since: alarm.StateUpdatedTimestamp?.toISOString(),
        });
      }
      token = page.NextToken;
    } while (token);
  }
  return alarms.map(
    (alarm) => found.get(alarm.name) ?? { name: alarm.name, kind: alarm.kind, state: 'NOT_FOUND' },
  );
}

async function readMetrics(
  options: StatusOptions,
  context: StatusContext,
): Promise<{ freshness?: { value: number; at: Date }; failedRows: number }> {
  const { GetMetricDataCommand } = await cloudwatchSdk();
  const now = context.call.clock.now();
  const metric = (MetricName: string) => ({
    Namespace: FIREHOSE_NAMESPACE,
    MetricName,
    Dimensions: [{ Name: 'DeliveryStreamName', Value: options.deliveryStream }],
  });
  const freshness: { t: Date; v: number }[] = [];
  let failedRows = 0;
  let token: string | undefined;
  do {
    const page = await awsCall(
      'CloudWatch GetMetricData',
      (abortSignal) =>
        context.cloudwatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(now - 3_600_000),
            EndTime: new Date(now),
            ScanBy: 'TimestampDescending',
            NextToken: token,
            MetricDataQueries: [
              {
                Id: 'freshness',
                MetricStat: { Metric: metric(DATA_FRESHNESS_METRIC), Period: 60, Stat: 'Maximum' },
              },
              { Id: 'failed', MetricStat: { Metric: metric(FAILED_ROWS_METRIC), Period: 3600, Stat: 'Sum' } },
            ],
          }),
          { abortSignal },
        ),
      context.call,
    );
    for (const result of page.MetricDataResults ?? []) {
      const values = result.Values ?? [];
      const times = result.Timestamps ?? [];
      if (result.Id === 'failed') failedRows += values.reduce((sum, v) => sum + v, 0);
      if (result.Id === 'freshness') values.forEach((v, i) => times[i] && freshness.push({ t: times[i], v }));
    }
    token = page.NextToken;
  } while (token);
  const recent = freshness.filter((point) => point.t.getTime() >= now - 15 * 60_000);
  const latest = recent.sort((a, b) => b.t.getTime() - a.t.getTime())[0];
  return { freshness: latest ? { value: latest.v, at: latest.t } : undefined, failedRows };
}

/**
 * Each alarm's state (DescribeAlarms), the latest DataFreshness against the buffering interval and
 * failed rows in the last hour (GetMetricData). Exit code 1 when an alarm is in ALARM or missing.
 */
export async function runStatus(options: StatusOptions, context: StatusContext): Promise<StatusReport> {
  context.progress.status(`status: ${options.alarms.length} alarm(s), metrics of ${options.deliveryStream}`);
  const alarms = options.alarms.length > 0 ? await describeAlarms(options.alarms, context) : [];
  const metrics = await readMetrics(options, context);
  context.progress.done();
  const interval = options.bufferingIntervalSeconds;
  const exitCode = alarms.some((a) => a.state === 'ALARM' || a.state === 'NOT_FOUND')
    ? ExitCode.ExpectationFailed
    : ExitCode.Ok;
  return {
    command: 'status',
    ok: exitCode === ExitCode.Ok,
    exitCode,
    deliveryStream: options.deliveryStream,
    alarms,
    freshness: {
      latestSeconds: metrics.freshness?.value ?? null,
      at: metrics.freshness?.at.toISOString() ?? null,
      bufferingIntervalSeconds: interval ?? null,
      withinBufferingInterval:
        metrics.freshness && interval !== undefined ? metrics.freshness.value <= interval : null,
    },
    failedRowsLastHour: metrics.failedRows,
  };
}
