import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { flag, strings } from '../../hcl';
import { soleReference } from '../../references';
import { StackModel } from '../../stack';

/**
 * ICELOG_ALARM_ACTIONS (option requireAlarmActions): every alarm notifies someone on ALARM and on OK.
 * An action that is an SNS topic of the stack counts only when the stack subscribes something to it.
 */
export const AlarmActionsRequired = defineRule({
  id: 'ICELOG_ALARM_ACTIONS',
  title: 'CloudWatch alarm notifies on ALARM and OK',
  severity: 'high',
  area: 'monitoring',
  docs: 'With requireAlarmActions: actions_enabled is not false and alarm_actions and ok_actions are non-empty; an action that is an SNS topic of the stack has a subscription in the stack, so an alarm in production always reaches someone.',
  resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  evaluate(alarm, { options, stack }) {
    if (!options.requireAlarmActions) return notApplicable('requireAlarmActions is off');
    if (flag(alarm.body.actions_enabled) === false) {
      return nonCompliant('actions_enabled is false; the alarm changes state without notifying anyone');
    }
    for (const attribute of ['alarm_actions', 'ok_actions'] as const) {
      const actions = strings(alarm.body[attribute]);
      if (actions.length === 0) {
        return nonCompliant(`${attribute} is empty; add the alarm topic (monitoring.notifications)`);
      }
      const silent = actions.find((action) => isUnsubscribedTopic(stack, action));
      if (silent !== undefined) {
        return nonCompliant(`${attribute} names ${silent}, a topic of the stack that nothing subscribes to`);
      }
    }
    return compliant();
  },
});

/** True when `action` is `${aws_sns_topic.X.arn}` of this stack and no subscription of the stack points at X. */
function isUnsubscribedTopic(stack: StackModel, action: string): boolean {
  const ref = soleReference(action);
  if (!ref || ref.kind !== 'resource' || ref.type !== 'aws_sns_topic') return false;
  if (!stack.get(`aws_sns_topic.${ref.name}`)) return false;
  return !stack
    .ofType('aws_sns_topic_subscription')
    .some((s) => stack.target(s.body.topic_arn)?.address === `aws_sns_topic.${ref.name}`);
}
