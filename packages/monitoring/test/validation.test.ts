import { monitoredPipeline } from './fixtures';

describe('bad input is rejected at synth time, naming the field, the value and the rule', () => {
  it.each([
    [
      { notifications: [{ email: 'not-an-address' }] },
      'Invalid Notifications.targets[0].email: must be an e-mail address. Received: "not-an-address"',
    ],
    [
      { notifications: [{ https: 'http://hooks.example.com' }] },
      'Invalid Notifications.targets[0].https: must be an https:// URL',
    ],
    [
      { notifications: [{ topicArn: 'arn:aws:sqs:eu-west-1:111122223333:q' }] },
      'Invalid Notifications.targets[0].topicArn: must be an SNS topic ARN',
    ],
    [
      { notifications: [{ email: 'a@example.com', https: 'https://x.example.com' } as any] },
      'Invalid Notifications.targets[0]: must be exactly one of { email }, { https } or { topicArn }',
    ],
    [
      { notifications: [{ email: 'a@example.com' }, { email: 'a@example.com' }] },
      'Invalid Notifications.targets: must not contain duplicates',
    ],
    [
      { requireNotifications: true },
      'Invalid Monitoring.notifications: must name at least one e-mail, HTTPS endpoint or topic ARN when requireNotifications is set',
    ],
    [
      { namePrefix: 'bad prefix' },
      'Invalid Monitoring.namePrefix: must be 1–64 characters of [A-Za-z0-9_-]. Received: "bad prefix"',
    ],
    [
      { thresholds: { freshnessSeconds: 60 } },
      'Invalid Monitoring.thresholds.freshnessSeconds: must exceed the buffering interval (60 s)',
    ],
    [
      { thresholds: { quotaShare: 1.5 } },
      'Invalid Monitoring.thresholds.quotaShare: must be a number in (0, 1], e.g. 0.8. Received: 1.5',
    ],
    [
      { thresholds: { freshnessMarginSeconds: 10 } },
      'Invalid Monitoring.thresholds.freshnessMarginSeconds: must be an integer from 60 to 3600 (seconds). Received: 10',
    ],
    [
      { thresholds: { logRouterErrors: 0 } },
      'Invalid Monitoring.thresholds.logRouterErrors: must be an integer from 1 to 100000 (errors per 5 minutes). Received: 0',
    ],
    [
      { topicKmsKeyArn: 'alias/aws/sns', notifications: [{ email: 'a@example.com' }] },
      'Invalid Notifications.kmsKeyArn: must be a KMS key ARN',
    ],
  ])('%j', (monitoring, message) => {
    expect(() => monitoredPipeline({ monitoring: monitoring as any })).toThrow(message);
  });

  it('requires the routing tables the queries read', () => {
    expect(() =>
      monitoredPipeline({
        monitoring: {
          queries: {
            workgroup: { workgroupName: 'wg' },
            routing: { databaseName: 'db', tables: [] },
          },
        },
      }),
    ).toThrow(
      'Invalid tables: must contain exactly one fallback table, as StatusRouting produces. Received: []',
    );
  });
});
