import { BufferingHints } from '@icelog/delivery';
import { alarmsByName, idWhere, monitoredPipeline } from './fixtures';

const DIRECT_PUT_ALARMS = [
  'icelog-test-delivery-freshness',
  'icelog-test-delivery-failed-rows',
  'icelog-test-delivery-stalled',
  'icelog-test-delivery-throttled',
  'icelog-test-delivery-quota-bytes',
  'icelog-test-delivery-quota-records',
  'icelog-test-delivery-quota-requests',
  'icelog-test-service-tasks-below-desired',
  'icelog-test-log-router-errors',
  'icelog-test-log-router-dropped-chunks',
];

describe('alarms of a Direct PUT pipeline', () => {
  const { json, monitoring } = monitoredPipeline();
  const alarms = alarmsByName(json);
  const streamRef = `\${aws_kinesis_firehose_delivery_stream.${idWhere(json, 'aws_kinesis_firehose_delivery_stream', 'name', 'icelog-test')}.name}`;

  it('creates exactly the documented alarms, with literal names from the stack name', () => {
    expect(Object.keys(alarms).sort()).toEqual([...DIRECT_PUT_ALARMS].sort());
    expect(monitoring.alarmNames).toEqual(DIRECT_PUT_ALARMS);
    for (const name of DIRECT_PUT_ALARMS) expect(name).not.toContain('${');
  });

  it('tags every alarm with its key', () => {
    for (const [name, alarm] of Object.entries(alarms)) {
      expect(`icelog-test-${alarm.tags['icelog:alarm']}`).toBe(name);
    }
  });

  it('freshness: DeliveryToIceberg.DataFreshness Maximum of the own stream above interval + 300 s', () => {
    expect(alarms['icelog-test-delivery-freshness']).toMatchObject({
      namespace: 'AWS/Firehose',
      metric_name: 'DeliveryToIceberg.DataFreshness',
      statistic: 'Maximum',
      dimensions: { DeliveryStreamName: streamRef },
      period: 300,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 60 + 300,
      treat_missing_data: 'notBreaching',
    });
  });

  it('failed rows: DeliveryToIceberg.FailedRowCount Sum > 0', () => {
    expect(alarms['icelog-test-delivery-failed-rows']).toMatchObject({
      namespace: 'AWS/Firehose',
      metric_name: 'DeliveryToIceberg.FailedRowCount',
      statistic: 'Sum',
      dimensions: { DeliveryStreamName: streamRef },
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
  });

  it('stalled: metric math over IncomingRecords and SuccessfulRowCount in windows of interval + margin', () => {
    const alarm = alarms['icelog-test-delivery-stalled'];
    expect(alarm.metric_name).toBeUndefined();
    expect(alarm).toMatchObject({ evaluation_periods: 2, datapoints_to_alarm: 2, threshold: 1 });
    const [expression, ...metrics] = alarm.metric_query;
    expect(expression).toEqual({
      id: 'e1',
      expression: 'IF(FILL(incoming, 0) > 0, IF(FILL(delivered, 0) == 0, 1, 0), 0)',
      label: 'records in, no rows delivered',
      return_data: true,
    });
    expect(metrics.map((m: any) => [m.id, m.metric.metric_name, m.metric.stat, m.metric.period])).toEqual([
      ['incoming', 'IncomingRecords', 'Sum', 360],
      ['delivered', 'DeliveryToIceberg.SuccessfulRowCount', 'Sum', 360],
    ]);
    for (const m of metrics) {
      expect(m.metric.namespace).toBe('AWS/Firehose');
      expect(m.metric.dimensions).toEqual({ DeliveryStreamName: streamRef });
      expect(m.return_data).toBe(false);
    }
  });

  it('throttling: ThrottledRecords Sum > 0', () => {
    expect(alarms['icelog-test-delivery-throttled']).toMatchObject({
      metric_name: 'ThrottledRecords',
      statistic: 'Sum',
      threshold: 0,
    });
  });

  it.each([
    ['bytes', 'IncomingBytes', 'BytesPerSecondLimit'],
    ['records', 'IncomingRecords', 'RecordsPerSecondLimit'],
    ['requests', 'IncomingPutRequests', 'PutRequestsPerSecondLimit'],
  ])('quota %s: 100 * (%s / 300) / %s at 80 %%', (key, used, limit) => {
    const alarm = alarms[`icelog-test-delivery-quota-${key}`];
    expect(alarm.threshold).toBe(80);
    expect(alarm.comparison_operator).toBe('GreaterThanOrEqualToThreshold');
    expect(alarm.metric_query[0].expression).toBe('100 * (used / 300) / limit');
    expect(alarm.metric_query.slice(1).map((m: any) => [m.id, m.metric.metric_name, m.metric.stat])).toEqual([
      ['used', used, 'Sum'],
      ['limit', limit, 'Minimum'],
    ]);
  });

  it('tasks below desired: Container Insights of the own cluster and service, 5 minutes', () => {
    const alarm = alarms['icelog-test-service-tasks-below-desired'];
    const cluster = `\${aws_ecs_cluster.${idWhere(json, 'aws_ecs_cluster', 'name', 'icelog-test-web')}.name}`;
    const service = `\${aws_ecs_service.${idWhere(json, 'aws_ecs_service', 'name', 'icelog-test-web')}.name}`;
    expect(alarm).toMatchObject({ evaluation_periods: 5, treat_missing_data: 'breaching' });
    expect(alarm).not.toHaveProperty('period');
    expect(alarm.metric_query[0].expression).toBe('desired - running');
    for (const m of alarm.metric_query.slice(1)) {
      expect(m.metric.namespace).toBe('ECS/ContainerInsights');
      expect(m.metric.dimensions).toEqual({ ClusterName: cluster, ServiceName: service });
      expect(m.metric.period).toBe(60);
    }
    expect(alarm.metric_query.slice(1).map((m: any) => m.metric.metric_name)).toEqual([
      'DesiredTaskCount',
      'RunningTaskCount',
    ]);
  });

  it('log router alarms read metric filters on the log router log group', () => {
    const group = `\${aws_cloudwatch_log_group.${idWhere(json, 'aws_cloudwatch_log_group', 'name', '/ecs/icelog-test-web/log-router')}.name}`;
    const filters = Object.values(json.resource.aws_cloudwatch_log_metric_filter) as any[];
    const rows = filters.map((f) => [f.log_group_name, f.pattern, f.metric_transformation.name]);
    expect(rows.sort((a, b) => a[2].localeCompare(b[2]))).toEqual([
      [group, '?"cannot be retried" ?"could not be scheduled"', 'LogRouterDroppedChunks'],
      [group, '"] [error] ["', 'LogRouterErrors'],
    ]);
    for (const f of filters) {
      expect(f.metric_transformation).toMatchObject({
        namespace: 'icelog/icelog-test',
        value: '1',
        default_value: '0',
      });
    }
    expect(alarms['icelog-test-log-router-errors']).toMatchObject({
      namespace: 'icelog/icelog-test',
      metric_name: 'LogRouterErrors',
      statistic: 'Sum',
      threshold: 5,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarms['icelog-test-log-router-dropped-chunks']).toMatchObject({
      namespace: 'icelog/icelog-test',
      metric_name: 'LogRouterDroppedChunks',
      threshold: 1,
    });
  });

  it('documents what each alarm means, what to do and its missing-data choice in the description', () => {
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_description).toMatch(
        /What to do: .+ Missing data: (notBreaching|breaching) \(.+\)\.$/,
      );
      expect(alarm.alarm_description.length).toBeLessThanOrEqual(1024);
    }
    expect(alarms['icelog-test-delivery-failed-rows'].alarm_description).toContain('icelog-smoke redrive');
  });

  it('has no actions without notification targets (dev may have none)', () => {
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toBeUndefined();
      expect(alarm.ok_actions).toBeUndefined();
    }
    expect(json.resource.aws_sns_topic).toBeUndefined();
  });
});

describe('threshold derivation', () => {
  it('follows the buffering interval: 900 s + 300 s, stall window 1200 s', () => {
    const { json } = monitoredPipeline({ buffering: BufferingHints.LARGE_FILES });
    const alarms = alarmsByName(json);
    expect(alarms['icelog-test-delivery-freshness'].threshold).toBe(1200);
    expect(alarms['icelog-test-delivery-stalled'].metric_query[1].metric.period).toBe(1200);
  });

  it('rounds the stall window up to whole minutes and honours overrides', () => {
    const { json } = monitoredPipeline({
      buffering: { intervalSeconds: 90, sizeMiB: 5 },
      monitoring: {
        thresholds: {
          freshnessMarginSeconds: 100,
          quotaShare: 0.5,
          logRouterErrors: 20,
          tasksBelowDesiredMinutes: 3,
        },
      },
    });
    const alarms = alarmsByName(json);
    expect(alarms['icelog-test-delivery-freshness'].threshold).toBe(190);
    expect(alarms['icelog-test-delivery-stalled'].metric_query[1].metric.period).toBe(240);
    expect(alarms['icelog-test-delivery-quota-bytes'].threshold).toBe(50);
    expect(alarms['icelog-test-log-router-errors'].threshold).toBe(20);
    expect(alarms['icelog-test-service-tasks-below-desired'].evaluation_periods).toBe(3);
  });

  it('takes an explicit freshness threshold', () => {
    const { json } = monitoredPipeline({ monitoring: { thresholds: { freshnessSeconds: 1000 } } });
    expect(alarmsByName(json)['icelog-test-delivery-freshness'].threshold).toBe(1000);
  });
});

describe('alarms of a pipeline with a Kinesis source', () => {
  const { json } = monitoredPipeline({ source: { kind: 'kinesis' } });
  const alarms = alarmsByName(json);
  const kinesisRef = `\${aws_kinesis_stream.${idWhere(json, 'aws_kinesis_stream', 'name', 'icelog-test-source')}.name}`;

  it('replaces throttling and quota alarms with source lag and write throttling', () => {
    expect(Object.keys(alarms).sort()).toEqual(
      [
        'icelog-test-delivery-freshness',
        'icelog-test-delivery-failed-rows',
        'icelog-test-delivery-stalled',
        'icelog-test-source-iterator-age',
        'icelog-test-source-firehose-lag',
        'icelog-test-source-write-throttled',
        'icelog-test-service-tasks-below-desired',
        'icelog-test-log-router-errors',
        'icelog-test-log-router-dropped-chunks',
      ].sort(),
    );
  });

  it('reads the own Kinesis stream by StreamName', () => {
    expect(alarms['icelog-test-source-iterator-age']).toMatchObject({
      namespace: 'AWS/Kinesis',
      metric_name: 'GetRecords.IteratorAgeMilliseconds',
      statistic: 'Maximum',
      dimensions: { StreamName: kinesisRef },
      threshold: 600_000,
      treat_missing_data: 'breaching',
    });
    expect(alarms['icelog-test-source-write-throttled']).toMatchObject({
      namespace: 'AWS/Kinesis',
      metric_name: 'WriteProvisionedThroughputExceeded',
      statistic: 'Sum',
      dimensions: { StreamName: kinesisRef },
    });
  });

  it("uses Firehose's documented KinesisMillisBehindLatest for its own lag", () => {
    expect(alarms['icelog-test-source-firehose-lag']).toMatchObject({
      namespace: 'AWS/Firehose',
      metric_name: 'KinesisMillisBehindLatest',
      statistic: 'Average',
    });
  });

  it('counts records read from Kinesis as the incoming side of the stall alarm', () => {
    expect(alarms['icelog-test-delivery-stalled'].metric_query[1].metric.metric_name).toBe(
      'DataReadFromKinesisStream.Records',
    );
  });
});
