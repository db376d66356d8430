import { alarmsByName, monitoredPipeline } from './fixtures';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:team-oncall';

describe('notifications', () => {
  const { json } = monitoredPipeline({
    monitoring: {
      notifications: [
        { email: 'oncall@example.com' },
        { https: 'https://hooks.example.com/alarms' },
        { topicArn: TOPIC_ARN },
      ],
    },
  });
  const topicId = Object.keys(json.resource.aws_sns_topic)[0];
  const topicArn = `\${aws_sns_topic.${topicId}.arn}`;

  it('creates one topic encrypted with a rotating customer-managed key', () => {
    const topic = json.resource.aws_sns_topic[topicId];
    expect(topic.name).toBe('icelog-test-alarms');
    const keyId = Object.keys(json.resource.aws_kms_key)[0];
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(json.resource.aws_kms_key[keyId]).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
  });

  it("lets CloudWatch use the key and publish to the topic, only for this stack's alarms", () => {
    const docs = json.data.aws_iam_policy_document;
    const keyPolicy = Object.values(docs).find(
      (d: any) => d.statement[1]?.sid === 'CloudWatchAlarmsEncryptForTopic',
    ) as any;
    expect(keyPolicy.statement[1]).toMatchObject({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
    });
    expect(keyPolicy.statement[0].actions).not.toContain('kms:*');
    const topicPolicy = Object.values(docs).find(
      (d: any) => d.statement[0]?.sid === 'CloudWatchAlarmsPublish',
    ) as any;
    expect(topicPolicy.statement[0]).toMatchObject({
      actions: ['sns:Publish'],
      resources: [topicArn],
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
    });
    expect(topicPolicy.statement[0].condition[0]).toMatchObject({
      test: 'ArnLike',
      variable: 'aws:SourceArn',
    });
    expect(topicPolicy.statement[0].condition[0].values[0]).toMatch(
      /^arn:\$\{data\.aws_partition\.\w+\.partition\}:cloudwatch:\$\{data\.aws_region\.\w+\.name\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:alarm:icelog-test-\*$/,
    );
  });

  it('subscribes the e-mail and HTTPS endpoints', () => {
    const subs = Object.values(json.resource.aws_sns_topic_subscription) as any[];
    expect(subs.map((s) => [s.topic_arn, s.protocol, s.endpoint])).toEqual([
      [topicArn, 'email', 'oncall@example.com'],
      [topicArn, 'https', 'https://hooks.example.com/alarms'],
    ]);
  });

  it('gives every alarm OK and ALARM actions: the topic and the existing topic', () => {
    for (const alarm of Object.values(alarmsByName(json))) {
      expect(alarm.alarm_actions).toEqual([topicArn, TOPIC_ARN]);
      expect(alarm.ok_actions).toEqual([topicArn, TOPIC_ARN]);
      expect(alarm.actions_enabled).toBe(true);
    }
  });
});

describe('notifications to an existing topic only', () => {
  it('creates no topic or key and points the alarms at that topic', () => {
    const { json } = monitoredPipeline({ monitoring: { notifications: [{ topicArn: TOPIC_ARN }] } });
    expect(json.resource.aws_sns_topic).toBeUndefined();
    expect(json.resource.aws_kms_key).toBeUndefined();
    for (const alarm of Object.values(alarmsByName(json))) expect(alarm.alarm_actions).toEqual([TOPIC_ARN]);
  });

  it('uses a given key instead of creating one', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000';
    const { json } = monitoredPipeline({
      monitoring: { notifications: [{ email: 'a@example.com' }], topicKmsKeyArn: key },
    });
    expect(json.resource.aws_kms_key).toBeUndefined();
    expect((Object.values(json.resource.aws_sns_topic)[0] as any).kms_master_key_id).toBe(key);
  });
});
