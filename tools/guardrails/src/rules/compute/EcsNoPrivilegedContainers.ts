import { defineRule, compliant, nonCompliant } from '../../rule';
import { opaqueContainersMessage, readContainerDefinitions } from '../../ecs/container-definitions';
import { flag } from '../../hcl';

/** CKV_AWS_334: no container runs privileged. */
export const EcsNoPrivilegedContainers = defineRule({
  id: 'CKV_AWS_334',
  title: 'ECS containers are not privileged',
  severity: 'high',
  area: 'compute',
  docs: 'No container definition sets privileged: true, which would give the container root on the host.',
  resourceTypes: ['aws_ecs_task_definition'],
  evaluate(task, { stack }) {
    const definitions = readContainerDefinitions(stack, task.body.container_definitions);
    if (definitions.kind === 'opaque') return nonCompliant(opaqueContainersMessage(definitions.expression));
    const privileged = definitions.containers.filter((c) => flag(c.body.privileged) === true);
    if (privileged.length === 0) return compliant();
    return nonCompliant(
      `privileged is true in container ${privileged.map((c) => JSON.stringify(c.name)).join(', ')}`,
    );
  },
});
