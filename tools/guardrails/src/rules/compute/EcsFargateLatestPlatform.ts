import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { blocks, show } from '../../hcl';

/** CKV_AWS_332: Fargate services run on the LATEST platform version. */
export const EcsFargateLatestPlatform = defineRule({
  id: 'CKV_AWS_332',
  title: 'ECS Fargate service uses platform version LATEST',
  severity: 'low',
  area: 'compute',
  docs: 'platform_version is unset or "LATEST" on Fargate services, so tasks get the platform\'s security patches instead of a pinned old version.',
  resourceTypes: ['aws_ecs_service'],
  evaluate(service) {
    const onFargate =
      service.body.launch_type === 'FARGATE' ||
      blocks(service.body.capacity_provider_strategy).some(
        (s) => s.capacity_provider === 'FARGATE' || s.capacity_provider === 'FARGATE_SPOT',
      );
    if (!onFargate) return notApplicable('not a Fargate service');
    const version = service.body.platform_version;
    if (version === undefined || version === 'LATEST') return compliant();
    return nonCompliant(`platform_version is ${show(version)}; use "LATEST"`);
  },
});
