import { Construct } from 'constructs';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsContext, BucketRef, Role } from '@icelog/core';
import { FireLensConfigFiles } from './firelens-config';
import { addFireLensTaskDefinition } from './firelens-task-definition';
import { ServiceLoadBalancer } from './load-balancer';
import { resolveNetwork } from './network';
import { createServiceNetwork } from './service-network';
import { FireLensServiceProps, resolveServiceSettings } from './service-settings';

/**
 * nginx (or another app) on ECS Fargate whose stdout/stderr goes through a FireLens Fluent Bit log router
 * into a Kinesis Data Firehose delivery stream (or its Kinesis source stream), parsed into typed access
 * records on the way.
 *
 * - No image build: the log router is the aws-for-fluent-bit `init` image; the generated parsers and
 *   filter files are S3 objects named by `aws_fluent_bit_init_s3_<n>` environment variables, and a
 *   content hash in the environment makes every config change a new task definition revision.
 * - The output is FireLens' own: the app container's `awsfirelens` options (`kinesis_firehose` or
 *   `kinesis_streams`), resolved by Terraform.
 * - Security: separate task and execution roles with exact ARNs, read-only app root filesystem,
 *   Container Insights, platform version LATEST, ingress only from configured CIDRs or the load balancer.
 *
 * The task definition alone is {@link FireLensTaskDefinition}; this construct adds the cluster, the
 * service and its network.
 */
export class FireLensService extends Construct {
  /** Name of the cluster the service runs in. */
  readonly clusterName: string;
  /** ARN of the cluster the service runs in. */
  readonly clusterArn: string;
  /** The ECS service name. */
  readonly serviceName: string;
  /** The ECS service ARN. */
  readonly serviceArn: string;
  /** `http(s)://<load balancer DNS name>` when there is a load balancer; `undefined` otherwise. */
  readonly endpointUrl?: string;
  /** The task role (Fluent Bit's credentials): add grants for what the app itself needs. */
  readonly taskRole: Role;
  /** The task execution role (image pulls, the log router's own logs). */
  readonly executionRole: Role;
  /** The service's security group. */
  readonly securityGroupId: string;
  /** The bucket that holds the Fluent Bit files. */
  readonly configBucket: BucketRef;
  /** The generated Fluent Bit files. */
  readonly config: FireLensConfigFiles;
  /** The log router's own log group. */
  readonly logGroupName: string;
  /** The task definition. */
  readonly taskDefinition: EcsTaskDefinition;
  /** The ECS service. */
  readonly service: EcsService;
  /** The load balancer, when configured. */
  readonly loadBalancer?: ServiceLoadBalancer;

  constructor(scope: Construct, id: string, props: FireLensServiceProps) {
    super(scope, id);
    const settings = resolveServiceSettings(props);
    AwsContext.of(this);
    const network = resolveNetwork(this, props.network.vpc);

    // Task definition, its roles, config files and log group: created in this scope (stable addresses).
    const task = addFireLensTaskDefinition(this, settings.task, props, `ECS service ${settings.serviceName}`);
    this.taskRole = task.taskRole;
    this.executionRole = task.executionRole;
    this.configBucket = task.configBucket;
    this.config = task.config;
    this.logGroupName = task.logGroupName;
    this.taskDefinition = task.taskDefinition;

    // Cluster.
    if (props.cluster) {
      this.clusterName = props.cluster.clusterName;
      this.clusterArn = props.cluster.clusterArn;
    } else {
      const cluster = new EcsCluster(this, 'Cluster', {
        name: settings.clusterName,
        setting: [{ name: 'containerInsights', value: props.containerInsights ?? 'enabled' }],
      });
      this.clusterName = cluster.name;
      this.clusterArn = cluster.arn;
    }

    // Network: the service's security group, and the load balancer in front of it.
    const { securityGroup, loadBalancer } = createServiceNetwork(this, {
      serviceName: settings.serviceName,
      network,
      containerPort: settings.task.containerPort,
      ingressCidrs: settings.ingressCidrs,
      egressCidrs: settings.egressCidrs,
      loadBalancer: props.loadBalancer,
    });
    this.securityGroupId = securityGroup.id;
    this.loadBalancer = loadBalancer;
    this.endpointUrl = loadBalancer?.endpointUrl;

    // The service starts tasks only once every permission they need is attached.
    const policies = [this.taskRole, this.executionRole].flatMap((role) =>
      role.node.findAll().filter((c): c is IamRolePolicy => c instanceof IamRolePolicy),
    );
    this.service = new EcsService(this, 'Service', {
      name: settings.serviceName,
      cluster: this.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: settings.desiredCount,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: {
        subnets: network.subnetIds,
        securityGroups: [securityGroup.id],
        assignPublicIp: props.network.assignPublicIp ?? false,
      },
      loadBalancer: loadBalancer
        ? [
            {
              targetGroupArn: loadBalancer.targetGroup.arn,
              containerName: settings.task.appContainerName,
              containerPort: settings.task.containerPort,
            },
          ]
        : undefined,
      healthCheckGracePeriodSeconds: loadBalancer ? 60 : undefined,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // The apply waits until the new tasks are steady (or the circuit breaker rolled back, which fails
      // the apply), so superseded Fluent Bit files are deleted only after a successful deployment.
      waitForSteadyState: true,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      dependsOn: [...policies, ...(loadBalancer?.listeners ?? [])],
    });
    this.serviceName = this.service.name;
    this.serviceArn = this.service.id;
  }
}
