import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import {
  AwsContext,
  ValidationError,
  checkPattern,
  checkUnique,
  isUnresolved,
  policyDocument,
  validateKmsKeyArn,
} from '@icelog/core';

/** Who hears about alarms: an e-mail address, an HTTPS endpoint, or an existing SNS topic. */
export type NotificationTarget =
  /** E-mail subscription to the alarm topic (the recipient must confirm it). */
  | { readonly email: string }
  /** HTTPS subscription to the alarm topic (the endpoint must confirm it). */
  | { readonly https: string }
  /** An existing SNS topic (e.g. a team's on-call topic): alarms publish to it directly. */
  | { readonly topicArn: string };

/** Props of {@link AlarmNotifications}. */
export interface AlarmNotificationsProps {
  /** Where alarm and OK notifications go. Empty: no topic, alarms without actions. */
  readonly targets: readonly NotificationTarget[];
  /** Name of the topic created when there is an e-mail or HTTPS target. */
  readonly topicName: string;
  /** Alarm name prefix: only alarms named `<prefix>-*` of this account may publish to the topic. */
  readonly alarmNamePrefix: string;
  /**
   * Customer-managed KMS key for the topic. Its key policy must let `cloudwatch.amazonaws.com` use
   * `kms:Decrypt` and `kms:GenerateDataKey*`, or alarms cannot publish.
   * @default - a new key with rotation and exactly that key policy
   */
  readonly kmsKeyArn?: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HTTPS = /^https:\/\/[^\s/]+(\/\S*)?$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * The alarm topic and its subscriptions. The topic is encrypted with a customer-managed KMS key:
 * CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key `alias/aws/sns`,
 * because that key's policy cannot be changed to admit `cloudwatch.amazonaws.com`
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
export class AlarmNotifications extends Construct {
  /** ARNs every alarm notifies on ALARM and on OK: the created topic and the existing topics. */
  readonly actions: readonly string[];
  /** The created topic, when there is an e-mail or HTTPS target. */
  readonly topic?: SnsTopic;
  /** The key the construct created for the topic, if any. */
  readonly key?: KmsKey;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    validateTargets(`${id}.targets`, props.targets);
    if (props.kmsKeyArn !== undefined) validateKmsKeyArn(`${id}.kmsKeyArn`, props.kmsKeyArn);
    const existing = props.targets.flatMap((t) => ('topicArn' in t ? [t.topicArn] : []));
    const subscriptions = props.targets.flatMap((t): { protocol: string; endpoint: string }[] =>
      'email' in t
        ? [{ protocol: 'email', endpoint: t.email }]
        : 'https' in t
          ? [{ protocol: 'https', endpoint: t.https }]
          : [],
    );
    if (subscriptions.length === 0) {
      this.actions = existing;
      return;
    }
    const ctx = AwsContext.of(this);
    if (props.kmsKeyArn === undefined) this.key = this.createKey(ctx);
    const topic = new SnsTopic(this, 'Topic', {
      name: props.topicName,
      kmsMasterKeyId: props.kmsKeyArn ?? this.key?.arn,
    });
    this.topic = topic;
    new SnsTopicPolicy(this, 'TopicPolicy', {
      arn: topic.arn,
      policy: policyDocument(this, 'TopicPolicyDocument', [
        {
          sid: 'CloudWatchAlarmsPublish',
          actions: ['sns:Publish'],
          resources: [topic.arn],
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          conditions: [
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [ctx.arn({ service: 'cloudwatch', resource: `alarm:${props.alarmNamePrefix}-*` })],
            },
          ],
        },
      ]).json,
    });
    subscriptions.forEach((s, i) => {
      new SnsTopicSubscription(this, `Subscription${i}`, {
        topicArn: topic.arn,
        protocol: s.protocol,
        endpoint: s.endpoint,
      });
    });
    this.actions = [topic.arn, ...existing];
  }

  /** A rotating key whose policy lets the account administer it and CloudWatch encrypt for the topic. */
  private createKey(ctx: AwsContext): KmsKey {
    const root = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
    const policy = policyDocument(this, 'KeyPolicy', [
      {
        sid: 'AccountAdministersAndUsesKey',
        actions: [
          'kms:Create*',
          'kms:Describe*',
          'kms:Enable*',
          'kms:List*',
          'kms:Put*',
          'kms:Update*',
          'kms:Revoke*',
          'kms:Disable*',
          'kms:Get*',
          'kms:Delete*',
          'kms:TagResource',
          'kms:UntagResource',
          'kms:ScheduleKeyDeletion',
          'kms:CancelKeyDeletion',
          'kms:RotateKeyOnDemand',
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
        ],
        // In a key policy, "*" means this key.
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [root] }],
      },
      {
        sid: 'CloudWatchAlarmsEncryptForTopic',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
      },
    ]);
    return new KmsKey(this, 'Key', {
      description: 'Encrypts the icelog alarm topic; CloudWatch alarms may use it to publish',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
    });
  }
}

function validateTargets(field: string, targets: readonly NotificationTarget[]): void {
  if (!Array.isArray(targets)) throw new ValidationError(field, targets, 'must be a list of targets');
  targets.forEach((target, i) => {
    const keys = target && typeof target === 'object' ? Object.keys(target) : [];
    if (keys.length !== 1 || !['email', 'https', 'topicArn'].includes(keys[0])) {
      throw new ValidationError(
        `${field}[${i}]`,
        target,
        'must be exactly one of { email }, { https } or { topicArn }',
      );
    }
    if ('email' in target)
      checkPattern(`${field}[${i}].email`, target.email, EMAIL, 'must be an e-mail address');
    if ('https' in target) {
      checkPattern(
        `${field}[${i}].https`,
        target.https,
        HTTPS,
        'must be an https:// URL (SNS does not send alarms over plain HTTP here)',
      );
    }
    if ('topicArn' in target && !isUnresolved(target.topicArn)) {
      checkPattern(
        `${field}[${i}].topicArn`,
        target.topicArn,
        SNS_TOPIC_ARN,
        'must be an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)',
      );
    }
  });
  checkUnique(field, targets, (t) => JSON.stringify(t));
}
