import { EcsTaskRoleNotExecutionRole } from './EcsTaskRoleNotExecutionRole';
import { EcsNoPrivilegedContainers } from './EcsNoPrivilegedContainers';
import { EcsNoHostPidMode } from './EcsNoHostPidMode';
import { EcsReadOnlyRootFilesystem } from './EcsReadOnlyRootFilesystem';
import { EcsClusterContainerInsights } from './EcsClusterContainerInsights';
import { EcsFargateLatestPlatform } from './EcsFargateLatestPlatform';
import { EcsServiceNoPublicIp } from './EcsServiceNoPublicIp';
import { SecurityGroupNoPublicHttpIngress } from './SecurityGroupNoPublicHttpIngress';
import { SecurityGroupNoPublicSshIngress } from './SecurityGroupNoPublicSshIngress';
import { SecurityGroupNoPublicRdpIngress } from './SecurityGroupNoPublicRdpIngress';
import { SecurityGroupIngressAllowedCidrs } from './SecurityGroupIngressAllowedCidrs';
import { EcsNoPlaintextSecrets } from './EcsNoPlaintextSecrets';
import { GuardrailRule } from '../../rule';

export {
  EcsTaskRoleNotExecutionRole,
  EcsNoPrivilegedContainers,
  EcsNoHostPidMode,
  EcsReadOnlyRootFilesystem,
  EcsClusterContainerInsights,
  EcsFargateLatestPlatform,
  EcsServiceNoPublicIp,
  SecurityGroupNoPublicHttpIngress,
  SecurityGroupNoPublicSshIngress,
  SecurityGroupNoPublicRdpIngress,
  SecurityGroupIngressAllowedCidrs,
  EcsNoPlaintextSecrets,
};

/** The per-stack rules of the compute area, in report order. Add a rule here, one per line. */
export const COMPUTE_RULES: readonly GuardrailRule[] = [
  EcsTaskRoleNotExecutionRole,
  EcsNoPrivilegedContainers,
  EcsNoHostPidMode,
  EcsReadOnlyRootFilesystem,
  EcsClusterContainerInsights,
  EcsFargateLatestPlatform,
  EcsServiceNoPublicIp,
  SecurityGroupNoPublicHttpIngress,
  SecurityGroupNoPublicSshIngress,
  SecurityGroupNoPublicRdpIngress,
  SecurityGroupIngressAllowedCidrs,
  EcsNoPlaintextSecrets,
];
