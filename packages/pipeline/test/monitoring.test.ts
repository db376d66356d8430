import { Testing } from 'cdktf';
import { synthesize } from '@icelog/core/testing';
import { IcelogConfigInput, IcelogStack, parseConfig } from '../src';
import { minimalConfig } from './fixtures';

const synth = (config: IcelogConfigInput) => {
  const stack = new IcelogStack(Testing.app(), 'icelog-test', config);
  return { stack, json: synthesize(stack) };
};

describe('the monitoring section', () => {
  test('is on by default: alarms named after the stack, dashboard, queries in the smoke workgroup', () => {
    const { stack, json } = synth(minimalConfig);
    const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm).map((a: any) => a.alarm_name);
    expect(alarms).toHaveLength(10);
    for (const name of alarms) expect(name).toMatch(/^icelog-test-/);
    expect(json.output.alarm_names.value).toEqual(stack.monitoring!.alarmNames);
    expect(json.output.dashboard_name.value).toBe('icelog-test');
    const freshness = Object.values(json.resource.aws_cloudwatch_metric_alarm).find(
      (a: any) => a.alarm_name === 'icelog-test-delivery-freshness',
    ) as any;
    expect(freshness.threshold).toBe(300 + 300); // aws-default buffering: 300 s
    const workgroupId = Object.keys(json.resource.aws_athena_workgroup)[0];
    for (const q of Object.values(json.resource.aws_athena_named_query) as any[]) {
      expect(q.workgroup).toBe(`\${aws_athena_workgroup.${workgroupId}.name}`);
      expect(q.database).toBe('icelog_test');
    }
    expect(json.resource.aws_sns_topic).toBeUndefined();
  });

  test('passes notifications and thresholds through', () => {
    const { json } = synth({
      ...minimalConfig,
      monitoring: {
        notifications: [{ email: 'oncall@example.com' }],
        requireNotifications: true,
        thresholds: { freshnessMarginSeconds: 120 },
        dashboard: false,
        queries: false,
      },
    });
    const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm) as any[];
    const topic = `\${aws_sns_topic.${Object.keys(json.resource.aws_sns_topic)[0]}.arn}`;
    for (const a of alarms) expect(a.ok_actions).toEqual([topic]);
    expect(alarms.find((a) => a.alarm_name === 'icelog-test-delivery-freshness').threshold).toBe(420);
    expect(json.resource.aws_cloudwatch_dashboard).toBeUndefined();
    expect(json.resource.aws_athena_named_query).toBeUndefined();
    expect(json.output.dashboard_name).toBeUndefined();
  });

  test('can be switched off', () => {
    const { stack, json } = synth({ ...minimalConfig, monitoring: { enabled: false } });
    expect(stack.monitoring).toBeUndefined();
    expect(json.resource.aws_cloudwatch_metric_alarm).toBeUndefined();
    expect(json.output.alarm_names).toBeUndefined();
  });

  test.each([
    [
      { requireNotifications: true },
      'Invalid config monitoring.notifications: must name at least one e-mail, HTTPS endpoint or topic ARN when requireNotifications is set',
    ],
    [
      { notifications: [{ email: 'nobody' }] },
      'Invalid config monitoring.notifications[0].email: must be an e-mail address. Received: "nobody"',
    ],
    [
      { notifications: [{ email: 'a@example.com' }], topicKmsKeyArn: 'alias/aws/sns' },
      'Invalid config monitoring.topicKmsKeyArn: must be a KMS key ARN',
    ],
    [
      { thresholds: { quotaShare: 2 } },
      'Invalid config monitoring.thresholds.quotaShare: must be a number in (0, 1], e.g. 0.8. Received: 2',
    ],
  ])('bad monitoring input %j names the config path', (monitoring, message) => {
    expect(() => synth({ ...minimalConfig, monitoring })).toThrow(message);
  });

  test('rejects unknown keys and malformed targets in the schema', () => {
    expect(() => parseConfig({ ...minimalConfig, monitoring: { notification: [] } as any })).toThrow(
      'Invalid config monitoring.notification: is not a key of monitoring',
    );
    expect(() =>
      parseConfig({ ...minimalConfig, monitoring: { notifications: [{ sms: '+1' }] as any } }),
    ).toThrow('Invalid config monitoring.notifications.0');
  });
});
