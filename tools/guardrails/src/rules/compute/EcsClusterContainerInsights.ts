import { defineRule, compliant, nonCompliant } from '../../rule';
import { blocks, show } from '../../hcl';

/** CKV_AWS_65: the cluster has Container Insights on. */
export const EcsClusterContainerInsights = defineRule({
  id: 'CKV_AWS_65',
  title: 'ECS cluster has Container Insights enabled',
  severity: 'low',
  area: 'compute',
  docs: 'A setting { name = "containerInsights", value = "enabled" or "enhanced" } on aws_ecs_cluster, so task CPU/memory and failures are observable.',
  resourceTypes: ['aws_ecs_cluster'],
  evaluate(cluster) {
    const setting = blocks(cluster.body.setting).find((s) => s.name === 'containerInsights');
    if (setting?.value === 'enabled' || setting?.value === 'enhanced')
      return compliant(`containerInsights ${show(setting.value)}`);
    return nonCompliant(
      `containerInsights is ${show(setting?.value)}; add setting { name = "containerInsights", value = "enabled" }`,
    );
  },
});
