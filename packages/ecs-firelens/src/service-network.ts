import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { FireLensLoadBalancerProps, ServiceLoadBalancer, loadBalancerSubnets } from './load-balancer';
import { ResolvedNetwork } from './network';
import { cidrRule, ruleIdSuffix } from './security-group-rules';

/** Input of {@link createServiceNetwork}. */
export interface ServiceNetworkProps {
  readonly serviceName: string;
  readonly network: ResolvedNetwork;
  readonly containerPort: number;
  readonly ingressCidrs: readonly string[];
  readonly egressCidrs: readonly string[];
  readonly loadBalancer?: FireLensLoadBalancerProps;
}

/** The service's security group and, when configured, the load balancer in front of it. */
export interface ServiceNetwork {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer?: ServiceLoadBalancer;
}

/**
 * Creates in `scope` the service's security group (`SecurityGroup`) with HTTPS egress to
 * `egressCidrs`, and either the load balancer (`LoadBalancer`) with app-port ingress from it only, or
 * app-port ingress from each of `ingressCidrs`.
 */
export function createServiceNetwork(scope: Construct, props: ServiceNetworkProps): ServiceNetwork {
  const { serviceName, network, containerPort } = props;
  const securityGroup = new SecurityGroup(scope, 'SecurityGroup', {
    name: `${serviceName}-service`,
    description: `ECS service ${serviceName}: app port from configured sources, HTTPS out`,
    vpcId: network.vpcId,
  });
  for (const cidr of props.egressCidrs) {
    new VpcSecurityGroupEgressRule(scope, `HttpsTo${ruleIdSuffix(cidr)}`, {
      securityGroupId: securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: `HTTPS to AWS APIs and image registries via ${cidr}`,
      ...cidrRule(cidr),
    });
  }
  if (props.loadBalancer === undefined) {
    for (const cidr of props.ingressCidrs) {
      new VpcSecurityGroupIngressRule(scope, `AppFrom${ruleIdSuffix(cidr)}`, {
        securityGroupId: securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: containerPort,
        toPort: containerPort,
        description: `App port from ${cidr}`,
        ...cidrRule(cidr),
      });
    }
    return { securityGroup };
  }
  const loadBalancer = new ServiceLoadBalancer(scope, 'LoadBalancer', {
    ...props.loadBalancer,
    name: props.loadBalancer.name ?? serviceName,
    vpcId: network.vpcId,
    subnetIds: loadBalancerSubnets(props.loadBalancer, network.subnetIds),
    ingressCidrs: props.ingressCidrs,
    serviceSecurityGroupId: securityGroup.id,
    targetPort: containerPort,
  });
  new VpcSecurityGroupIngressRule(scope, 'AppFromLoadBalancer', {
    securityGroupId: securityGroup.id,
    ipProtocol: 'tcp',
    fromPort: containerPort,
    toPort: containerPort,
    referencedSecurityGroupId: loadBalancer.securityGroup.id,
    description: 'App port from the load balancer only',
  });
  return { securityGroup, loadBalancer };
}
