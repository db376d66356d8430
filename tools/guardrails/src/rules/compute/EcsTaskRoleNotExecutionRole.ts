import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { isSet } from '../../checks';
import { sameValue } from '../../references';

/** CKV_AWS_249: the task role and the execution role are different roles. */
export const EcsTaskRoleNotExecutionRole = defineRule({
  id: 'CKV_AWS_249',
  title: 'ECS task role is not the execution role',
  severity: 'high',
  area: 'compute',
  docs: "task_role_arn differs from execution_role_arn: the application must not hold the ECS agent's permissions (pulling images, reading secrets, writing logs).",
  resourceTypes: ['aws_ecs_task_definition'],
  evaluate(task) {
    const { task_role_arn: taskRole, execution_role_arn: executionRole } = task.body;
    if (!isSet(taskRole) || !isSet(executionRole))
      return notApplicable('the task definition does not set both roles');
    if (sameValue(taskRole, executionRole)) {
      return nonCompliant(
        `task_role_arn and execution_role_arn are both ${JSON.stringify(taskRole)}; give the task its own role`,
      );
    }
    return compliant();
  },
});
