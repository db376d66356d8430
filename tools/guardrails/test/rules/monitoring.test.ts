import { AlarmActionsRequired, SnsTopicEncrypted } from '../../src';
import { check, expectEveryRuleCovered, ref, stackJson } from '../helpers';

const topic = (body: object) =>
  stackJson({ resource: { aws_sns_topic: { t: { name: 'alarms', ...body } } } });
const T = 'aws_sns_topic.t';

describe('CKV_AWS_26 SnsTopicEncrypted', () => {
  it('is compliant with a KMS key', () => {
    expect(check(SnsTopicEncrypted, topic({ kms_master_key_id: ref('aws_kms_key.k.arn') }), T)).toEqual({
      status: 'compliant',
    });
  });

  it('is compliant with the AWS managed key alias (encrypted, although CloudWatch cannot publish to it)', () => {
    expect(check(SnsTopicEncrypted, topic({ kms_master_key_id: 'alias/aws/sns' }), T).status).toBe(
      'compliant',
    );
  });

  it('is non-compliant without a key', () => {
    expect(check(SnsTopicEncrypted, topic({}), T)).toEqual({
      status: 'non-compliant',
      message: 'kms_master_key_id is unset; encrypt the topic with a KMS key',
    });
  });
});

const TOPIC = ref('aws_sns_topic.t.arn');
const alarmStack = (alarm: object, subscribed = true) =>
  stackJson({
    resource: {
      aws_sns_topic: { t: { name: 'alarms', kms_master_key_id: ref('aws_kms_key.k.arn') } },
      ...(subscribed
        ? {
            aws_sns_topic_subscription: {
              s: { topic_arn: TOPIC, protocol: 'email', endpoint: 'a@example.com' },
            },
          }
        : {}),
      aws_cloudwatch_metric_alarm: { a: { alarm_name: 'icelog-prod-x', ...alarm } },
    },
  });
const A = 'aws_cloudwatch_metric_alarm.a';
const ON = { requireAlarmActions: true };

describe('ICELOG_ALARM_ACTIONS AlarmActionsRequired', () => {
  it('is not applicable unless requireAlarmActions', () => {
    expect(check(AlarmActionsRequired, alarmStack({}), A).status).toBe('not-applicable');
  });

  it('is compliant with ALARM and OK actions to a subscribed topic', () => {
    const json = alarmStack({ alarm_actions: [TOPIC], ok_actions: [TOPIC], actions_enabled: true });
    expect(check(AlarmActionsRequired, json, A, ON)).toEqual({ status: 'compliant' });
  });

  it('is compliant with an existing topic outside the stack', () => {
    const arn = 'arn:aws:sns:eu-west-1:111122223333:oncall';
    expect(
      check(AlarmActionsRequired, alarmStack({ alarm_actions: [arn], ok_actions: [arn] }, false), A, ON)
        .status,
    ).toBe('compliant');
  });

  it('is non-compliant without actions', () => {
    expect(check(AlarmActionsRequired, alarmStack({}), A, ON)).toEqual({
      status: 'non-compliant',
      message: 'alarm_actions is empty; add the alarm topic (monitoring.notifications)',
    });
  });

  it('is non-compliant without OK actions', () => {
    expect(check(AlarmActionsRequired, alarmStack({ alarm_actions: [TOPIC] }), A, ON).message).toBe(
      'ok_actions is empty; add the alarm topic (monitoring.notifications)',
    );
  });

  it('is non-compliant with actions disabled', () => {
    const json = alarmStack({ alarm_actions: [TOPIC], ok_actions: [TOPIC], actions_enabled: false });
    expect(check(AlarmActionsRequired, json, A, ON).message).toBe(
      'actions_enabled is false; the alarm changes state without notifying anyone',
    );
  });

  it('is non-compliant when the topic of the stack has no subscription', () => {
    const json = alarmStack({ alarm_actions: [TOPIC], ok_actions: [TOPIC] }, false);
    expect(check(AlarmActionsRequired, json, A, ON)).toEqual({
      status: 'non-compliant',
      message: `alarm_actions names ${TOPIC}, a topic of the stack that nothing subscribes to`,
    });
  });

  it('inspects composite alarms too', () => {
    const json = stackJson({
      resource: { aws_cloudwatch_composite_alarm: { c: { alarm_name: 'c', alarm_rule: 'ALARM(x)' } } },
    });
    expect(check(AlarmActionsRequired, json, 'aws_cloudwatch_composite_alarm.c', ON).status).toBe(
      'non-compliant',
    );
  });
});

test('every monitoring rule has a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('monitoring');
});
