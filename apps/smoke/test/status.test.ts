import { rmSync } from 'node:fs';
import { T0 } from './fakes/clocks';
import { FakeCloudWatch } from './fakes/fake-cloudwatch';
import { Harness, devStack, makeWorkspace } from './harness';

const STREAM = 'icelog-dev';

/** A stack with alarm resources as packages/monitoring synthesizes them (literal alarm_name). */
function stackWithAlarms(names: readonly string[], composite?: string) {
  const alarm = (name: string) => ({
    alarm_name: name,
    namespace: 'AWS/Firehose',
    metric_name: 'DeliveryToIceberg.DataFreshness',
  });
  return {
    ...devStack({ delivery_stream_name: STREAM }),
    resource: {
      aws_kinesis_firehose_delivery_stream: {
        Delivery: { name: STREAM, iceberg_configuration: { buffering_interval: 60 } },
      },
      aws_cloudwatch_metric_alarm: Object.fromEntries(names.map((name, i) => [`Alarm_${i}`, alarm(name)])),
      ...(composite ? { aws_cloudwatch_composite_alarm: { Composite: { alarm_name: composite } } } : {}),
    },
  };
}

interface StatusJson {
  exitCode: number;
  alarms: { name: string; kind: string; state: string; since?: string }[];
  freshness: {
    latestSeconds: number | null;
    bufferingIntervalSeconds: number | null;
    withinBufferingInterval: boolean | null;
  };
  failedRowsLastHour: number;
}

describe('icelog-smoke status', () => {
  let harness: Harness;
  let cloudwatch: FakeCloudWatch;
  let root: string;
  const names = ['icelog-dev-freshness', 'icelog-dev-failed-rows', 'icelog-dev-throttled'];

  beforeEach(async () => {
    cloudwatch = new FakeCloudWatch();
    harness = await Harness.start({ services: [cloudwatch] });
    root = makeWorkspace('dev', stackWithAlarms(names, 'icelog-dev-pipeline'));
    cloudwatch.alarms.push(
      ...names.map((name) => ({ name, state: 'OK' as const })),
      { name: 'icelog-dev-pipeline', state: 'OK', composite: true },
      { name: 'someone-elses-alarm', state: 'ALARM' },
    );
    cloudwatch
      .setMetric(STREAM, 'DeliveryToIceberg.DataFreshness', [
        [T0 - 20 * 60_000, 400],
        [T0 - 3 * 60_000, 58],
        [T0 - 2 * 60_000, 52],
      ])
      .setMetric(STREAM, 'DeliveryToIceberg.FailedRowCount', [[T0 - 30 * 60_000, 0]]);
  });

  afterEach(async () => {
    await harness.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const status = (...args: string[]) => harness.run(['status', '--app', 'dev', ...args], { cwd: root });

  test('all alarms OK, freshness within the buffering interval: exit 0, one screen', async () => {
    const { code, stdout } = await status();
    expect(code).toBe(0);
    expect(stdout).toContain('Stream icelog-dev · region eu-west-1');
    expect(stdout).toMatch(/icelog-dev-freshness\s+OK\s+2025-01-31T07:30:00.000Z/);
    expect(stdout).toContain('icelog-dev-pipeline');
    expect(stdout).toContain(
      'Data freshness: 52 s at 2025-01-31T07:58:00.000Z (buffering interval 60 s: within)',
    );
    expect(stdout).toContain('Failed rows in the last hour: 0\n');
    expect(stdout).toContain('OK: no alarm in ALARM.');
    // Two pages of DescribeAlarms (2 a page), one GetMetricData with both metrics.
    expect(harness.server.calls('DescribeAlarms')).toHaveLength(2);
    const [query] = harness.server.calls('GetMetricData');
    expect(query.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(query.input.MetricDataQueries).toEqual([
      expect.objectContaining({
        MetricStat: expect.objectContaining({
          Metric: {
            Namespace: 'AWS/Firehose',
            MetricName: 'DeliveryToIceberg.DataFreshness',
            Dimensions: [{ Name: 'DeliveryStreamName', Value: STREAM }],
          },
          Stat: 'Maximum',
          Period: 60,
        }),
      }),
      expect.objectContaining({
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({ MetricName: 'DeliveryToIceberg.FailedRowCount' }),
          Stat: 'Sum',
          Period: 3600,
        }),
      }),
    ]);
  });

  test('an alarm in ALARM, freshness behind, failed rows: exit 1 and --json says why', async () => {
    cloudwatch.alarms[1] = {
      name: 'icelog-dev-failed-rows',
      state: 'ALARM',
      reason: 'Threshold Crossed: 1 datapoint [12.0] > 0',
    };
    cloudwatch.setMetric(STREAM, 'DeliveryToIceberg.DataFreshness', [[T0 - 60_000, 310]]);
    cloudwatch.setMetric(STREAM, 'DeliveryToIceberg.FailedRowCount', [[T0 - 30 * 60_000, 12]]);
    const { code, stdout } = await status('--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as StatusJson;
    expect(report.alarms.map((a) => [a.name, a.kind, a.state])).toEqual([
      ['icelog-dev-freshness', 'metric', 'OK'],
      ['icelog-dev-failed-rows', 'metric', 'ALARM'],
      ['icelog-dev-throttled', 'metric', 'OK'],
      ['icelog-dev-pipeline', 'composite', 'OK'],
    ]);
    expect(report.freshness).toEqual({
      latestSeconds: 310,
      at: '2025-01-31T07:59:00.000Z',
      bufferingIntervalSeconds: 60,
      withinBufferingInterval: false,
    });
    expect(report.failedRowsLastHour).toBe(12);
  });

  test('an alarm the stack declares but CloudWatch lacks is NOT_FOUND: exit 1', async () => {
    cloudwatch.alarms.splice(0, 1);
    const { code, stdout } = await status();
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL: icelog-dev-freshness NOT_FOUND.');
  });

  test('CloudWatch throttling beyond the retries: exit 3', async () => {
    harness.server.inject('DescribeAlarms', 'throttle');
    const { code, stdout } = await status('--json');
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({
      exitCode: 3,
      error: {
        kind: 'THROTTLED',
        message: expect.stringContaining('CloudWatch DescribeAlarms was throttled after 6 tries: Throttling'),
      },
    });
  });

  test('a GetMetricData that never answers ends at --timeout: exit 3', async () => {
    harness.server.inject('GetMetricData', 'hang');
    const { code, stderr } = await status('--timeout', '10s');
    expect(code).toBe(3);
    expect(stderr).toContain('CloudWatch GetMetricData was still running at the deadline');
  });
});
