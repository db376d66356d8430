import { defineRule, compliant, nonCompliant } from '../../rule';

/** CKV_AWS_335: tasks do not share the host's process namespace. */
export const EcsNoHostPidMode = defineRule({
  id: 'CKV_AWS_335',
  title: 'ECS task definition does not use host PID mode',
  severity: 'high',
  area: 'compute',
  docs: 'pid_mode is not "host": containers sharing the host PID namespace can see and signal every process on the host.',
  resourceTypes: ['aws_ecs_task_definition'],
  evaluate(task) {
    if (task.body.pid_mode === 'host') return nonCompliant('pid_mode is "host"; remove it or use "task"');
    return compliant();
  },
});
