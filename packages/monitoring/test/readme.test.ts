/** Runs the README's first example as written, so the documentation cannot rot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReadmeExample } from '@icelog/core/testing';

const README = join(__dirname, '..', 'README.md');

test('the first README example synthesizes the alarms, topic, dashboard and queries it describes', () => {
  const readme = readFileSync(README, 'utf8');
  expect(readme.trimStart().startsWith('# @icelog/monitoring')).toBe(true);
  expect(readme.indexOf('```ts')).toBeLessThan(readme.indexOf('\n## '));
  const { 'icelog-dev': json } = runReadmeExample(README);
  const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm) as any[];
  expect(alarms).toHaveLength(10);
  for (const alarm of alarms) {
    expect(alarm.alarm_name).toMatch(/^icelog-dev-[a-z0-9-]+$/);
    expect(alarm.alarm_actions).toHaveLength(1);
    expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
  }
  expect((Object.values(json.resource.aws_sns_topic)[0] as any).name).toBe('icelog-dev-alarms');
  expect((Object.values(json.resource.aws_sns_topic_subscription)[0] as any).endpoint).toBe(
    'oncall@example.com',
  );
  expect((Object.values(json.resource.aws_cloudwatch_dashboard)[0] as any).dashboard_name).toBe('icelog-dev');
  expect(Object.keys(json.resource.aws_cloudwatch_log_metric_filter)).toHaveLength(2);
  expect(Object.keys(json.resource.aws_athena_named_query)).toHaveLength(5);
  expect(JSON.stringify(json)).not.toMatch(/"arn:aws:/);
});
