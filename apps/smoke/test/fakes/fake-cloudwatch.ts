import { type FakeResponse, type FakeService, jsonOk } from './aws-server';

/** An alarm of the fake. */
export interface FakeAlarm {
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly reason?: string;
  readonly composite?: boolean;
}

/** One datapoint: epoch milliseconds and value. */
export type Datapoint = readonly [number, number];

/**
 * CloudWatch as the installed `@aws-sdk/client-cloudwatch` (3.1164) speaks it: the AWS JSON 1.0
 * protocol (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, `Content-Type:
 * application/x-amz-json-1.0`) in awsQuery-compatible mode (`x-amzn-query-mode: true` on requests,
 * `x-amzn-query-error: <Code>;<Type>` on errors), timestamps as epoch seconds. DescribeAlarms
 * (paged, 2 alarms a page) and GetMetricData over stored datapoints.
 */
export class FakeCloudWatch implements FakeService {
  readonly targetPrefix = 'GraniteServiceVersion20100801';
  readonly jsonVersion = '1.0' as const;
  readonly alarms: FakeAlarm[] = [];
  readonly metrics = new Map<string, Datapoint[]>();

  /** Datapoints of one metric of one stream (`AWS/Firehose`, `DeliveryStreamName`). */
  setMetric(stream: string, metric: string, points: Datapoint[]): this {
    this.metrics.set(`AWS/Firehose|${metric}|DeliveryStreamName=${stream}`, points);
    return this;
  }

  throttled(): FakeResponse {
    return {
      status: 400,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({ __type: 'com.amazonaws.cloudwatch#Throttling', message: 'Rate exceeded' }),
      headers: { 'x-amzn-query-error': 'Throttling;Sender' },
    };
  }

  handle(
    operation: string,
    input: Record<string, unknown>,
    request: { headers: Record<string, unknown> },
  ): FakeResponse {
    if (request.headers['x-amzn-query-mode'] !== 'true')
      throw new Error('the SDK did not send x-amzn-query-mode: true');
    if (operation === 'DescribeAlarms') return this.describe(input);
    if (operation === 'GetMetricData') return this.metricData(input);
    throw new Error(`fake CloudWatch has no ${operation}`);
  }

  private describe(input: Record<string, unknown>): FakeResponse {
    const names = (input.AlarmNames ?? []) as string[];
    const matching = this.alarms.filter((alarm) => names.includes(alarm.name));
    const start = Number(input.NextToken ?? 0);
    const page = matching.slice(start, start + 2);
    const render = (alarm: FakeAlarm) => ({
      AlarmName: alarm.name,
      AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${alarm.name}`,
      StateValue: alarm.state,
      StateReason: alarm.reason ?? `Threshold ${alarm.state}`,
      StateUpdatedTimestamp: Date.UTC(2025, 0, 31, 7, 30) / 1000,
    });
    return jsonOk(
      {
        MetricAlarms: page.filter((a) => !a.composite).map(render),
        CompositeAlarms: page.filter((a) => a.composite).map(render),
        ...(start + 2 < matching.length ? { NextToken: String(start + 2) } : {}),
      },
      '1.0',
    );
  }

  private metricData(input: Record<string, unknown>): FakeResponse {
    const start = Number(input.StartTime) * 1000;
    const end = Number(input.EndTime) * 1000;
    if (!Number.isFinite(start) || !Number.isFinite(end))
      throw new Error('StartTime/EndTime must be epoch seconds');
    const queries = input.MetricDataQueries as {
      Id: string;
      MetricStat: {
        Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
        Stat: string;
        Period: number;
      };
    }[];
    return jsonOk(
      {
        MetricDataResults: queries.map((query) => {
          const { Metric } = query.MetricStat;
          const key = `${Metric.Namespace}|${Metric.MetricName}|${Metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')}`;
          const points = (this.metrics.get(key) ?? []).filter(([t]) => t >= start && t < end);
          return {
            Id: query.Id,
            Label: Metric.MetricName,
            Timestamps: points.map(([t]) => t / 1000),
            Values: points.map(([, v]) => v),
            StatusCode: 'Complete',
          };
        }),
        Messages: [],
      },
      '1.0',
    );
  }
}
