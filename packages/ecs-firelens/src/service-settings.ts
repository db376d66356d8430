import { ValidationError, checkIntegerInRange, checkOneOf, checkPattern } from '@icelog/core';
import type { IIcebergDeliveryStream } from '@icelog/delivery';
import { FireLensLoadBalancerProps, validateLoadBalancer } from './load-balancer';
import { FireLensNetworkProps, validateNetwork } from './network';
import {
  ECS_NAME,
  ECS_NAME_RULE,
  FireLensTaskDefinitionOptions,
  TaskSettings,
  resolveTaskSettings,
} from './task-settings';

/** An existing ECS cluster. */
export interface EcsClusterRef {
  /** Cluster name (may be a token). */
  readonly clusterName: string;
  /** Cluster ARN (may be a token). */
  readonly clusterArn: string;
}

/** Props of `FireLensService`. */
export interface FireLensServiceProps extends FireLensTaskDefinitionOptions {
  /** The delivery stream the access records go to (Direct PUT, or its Kinesis source stream). */
  readonly deliveryStream: IIcebergDeliveryStream;
  /**
   * ECS service name, also the task definition family, the default cluster and load balancer name and part
   * of the security group and log group names: 1–255 characters of `[A-Za-z0-9_-]`.
   */
  readonly serviceName: string;
  /** VPC, subnets, ingress, egress and public IP settings. */
  readonly network: FireLensNetworkProps;
  /**
   * Run in an existing cluster instead of creating one.
   * @default - a new cluster named `clusterName`, with Container Insights
   */
  readonly cluster?: EcsClusterRef;
  /**
   * Name of the cluster this construct creates (not with `cluster`).
   * @default - the service name
   */
  readonly clusterName?: string;
  /**
   * Container Insights level of the cluster this construct creates (not with `cluster`).
   * @default 'enabled'
   */
  readonly containerInsights?: 'enabled' | 'enhanced';
  /**
   * Number of tasks (0–5000).
   * @default 1
   */
  readonly desiredCount?: number;
  /**
   * An Application Load Balancer in front of the service.
   * @default - none: clients reach the tasks directly (on `network.ingressCidrs`)
   */
  readonly loadBalancer?: FireLensLoadBalancerProps;
}

/** Validated service props with their defaults. */
export interface ServiceSettings {
  readonly serviceName: string;
  readonly clusterName: string;
  readonly desiredCount: number;
  readonly ingressCidrs: readonly string[];
  readonly egressCidrs: readonly string[];
  /** The task definition's settings (family = service name). */
  readonly task: TaskSettings;
}

/** Validates every prop of a `FireLensService` (before any construct is created) and fills in the defaults. */
export function resolveServiceSettings(props: FireLensServiceProps): ServiceSettings {
  checkPattern('serviceName', props.serviceName, ECS_NAME, ECS_NAME_RULE);
  if (props.serviceName.startsWith('sg-')) {
    throw new ValidationError(
      'serviceName',
      props.serviceName,
      'must not start with "sg-" (the security group names derived from it cannot)',
    );
  }
  if (props.cluster !== undefined && props.clusterName !== undefined) {
    throw new ValidationError('clusterName', props.clusterName, 'must not be set together with cluster');
  }
  if (props.cluster !== undefined && props.containerInsights !== undefined) {
    throw new ValidationError(
      'containerInsights',
      props.containerInsights,
      'must not be set together with cluster (configure Container Insights on that cluster)',
    );
  }
  const clusterName = props.clusterName ?? props.serviceName;
  checkPattern('clusterName', clusterName, ECS_NAME, ECS_NAME_RULE);
  if (props.containerInsights !== undefined) {
    checkOneOf('containerInsights', props.containerInsights, ['enabled', 'enhanced']);
  }
  const task = resolveTaskSettings(props.serviceName, props, props.deliveryStream);
  const desiredCount = props.desiredCount ?? 1;
  checkIntegerInRange('desiredCount', desiredCount, 0, 5000, 'tasks');
  validateNetwork('network', props.network);
  if (props.loadBalancer !== undefined)
    validateLoadBalancer('loadBalancer', props.loadBalancer, props.serviceName, {
      region: props.region,
      taskSubnetIds: 'subnetIds' in props.network.vpc ? props.network.vpc.subnetIds : undefined,
    });

  return {
    serviceName: props.serviceName,
    clusterName,
    desiredCount,
    ingressCidrs: props.network.ingressCidrs ?? [],
    egressCidrs: props.network.egressCidrs ?? ['0.0.0.0/0'],
    task,
  };
}
