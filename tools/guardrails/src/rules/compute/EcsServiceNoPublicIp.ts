import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { block, flag } from '../../hcl';

/** CKV_AWS_333: services do not give tasks public IPs unless the environment allows it. */
export const EcsServiceNoPublicIp = defineRule({
  id: 'CKV_AWS_333',
  title: 'ECS service does not assign public IPs',
  severity: 'medium',
  area: 'compute',
  docs: 'network_configuration.assign_public_ip is not true, so tasks are reachable only through the VPC; the allowPublicIp option lifts this for environments without NAT.',
  resourceTypes: ['aws_ecs_service'],
  evaluate(service, { options }) {
    if (options.allowPublicIp) return notApplicable('allowPublicIp is on');
    const network = block(service.body.network_configuration);
    if (!network) return notApplicable('no awsvpc network_configuration');
    if (flag(network.assign_public_ip) === true) {
      return nonCompliant(
        'network_configuration.assign_public_ip is true; use private subnets with a NAT gateway or VPC endpoints',
      );
    }
    return compliant();
  },
});
