import { defineRule, compliant, nonCompliant } from '../../rule';
import { opaqueContainersMessage, readContainerDefinitions } from '../../ecs/container-definitions';
import { flag } from '../../hcl';

/** CKV_AWS_336: containers mount their root filesystem read-only. */
export const EcsReadOnlyRootFilesystem = defineRule({
  id: 'CKV_AWS_336',
  title: 'ECS containers have a read-only root filesystem',
  severity: 'medium',
  area: 'compute',
  docs: 'Every container sets readonlyRootFilesystem: true (with writable volumes where the image needs them), so a compromised process cannot alter the image.',
  resourceTypes: ['aws_ecs_task_definition'],
  evaluate(task, { stack }) {
    const definitions = readContainerDefinitions(stack, task.body.container_definitions);
    if (definitions.kind === 'opaque') return nonCompliant(opaqueContainersMessage(definitions.expression));
    const writable = definitions.containers.filter((c) => flag(c.body.readonlyRootFilesystem) !== true);
    if (writable.length === 0) return compliant();
    return nonCompliant(
      `readonlyRootFilesystem is not true in container ${writable.map((c) => JSON.stringify(c.name)).join(', ')}; set it and mount writable volumes where needed`,
    );
  },
});
