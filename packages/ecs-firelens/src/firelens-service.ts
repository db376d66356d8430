import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  AwsContext,
  BucketRef,
  PolicyStatement,
  RetainedLogGroup,
  Role,
  SecureBucket,
  ValidationError,
  checkIntegerInRange,
  checkOneOf,
  checkPattern,
  checkUnique,
  suppressGuardrail,
  validateDeliveryStreamName,
  validateKmsKeyArn,
  validateKinesisStreamName,
  validateLogRetention,
  validateS3Prefix,
} from '@icelog/core';
import type { IIcebergDeliveryStream } from '@icelog/delivery';
import { FireLensConfigFiles, buildFireLensConfig } from './firelens-config';
import { FluentBitOutput, fireLensOutputOptions, validateRegion } from './fluent-bit/output';
import { FluentBitRegexParser } from './fluent-bit/parser';
import { validateFargateTaskSize } from './fargate';
import {
  DEFAULT_LOG_ROUTER_IMAGE,
  DEFAULT_NGINX_IMAGE,
  parsePrivateEcrImage,
  validatePinnedImage,
} from './images';
import { FireLensLoadBalancerProps, ServiceLoadBalancer, validateLoadBalancer } from './load-balancer';
import { FireLensNetworkProps, resolveNetwork, validateNetwork } from './network';
import { cidrRule, ruleIdSuffix } from './security-group-rules';

/** An existing ECS cluster. */
export interface EcsClusterRef {
  /** Cluster name (may be a token). */
  readonly clusterName: string;
  /** Cluster ARN (may be a token). */
  readonly clusterArn: string;
}

/** Props of {@link FireLensService}. */
export interface FireLensServiceProps {
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
   * Region of the delivery stream (or its Kinesis source stream), written into the Fluent Bit output.
   * @default - the stack's region (`aws_region` data source)
   */
  readonly region?: string;
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
   * Task CPU units (a Fargate size: 256, 512, 1024, 2048, 4096, 8192, 16384).
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB; must fit `cpu` (Fargate's allowed pairs).
   * @default 512
   */
  readonly memory?: number;
  /**
   * CPU architecture of the task (both default images are multi-arch).
   * @default 'X86_64'
   */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /**
   * The app image, pinned (tag with a version, or digest). Its access log must match `parser`.
   * @default DEFAULT_NGINX_IMAGE (`public.ecr.aws/docker/library/nginx:1.28.0`, the official nginx image)
   */
  readonly appImage?: string;
  /**
   * Name of the app container; it appears as `container_name` in every record.
   * @default 'nginx'
   */
  readonly appContainerName?: string;
  /**
   * Port the app listens on.
   * @default 80
   */
  readonly containerPort?: number;
  /**
   * Paths the app may write to; the app's root filesystem is read-only and each path gets its own task
   * volume. The official nginx image needs its cache, run (pid) and temp directories.
   * @default ['/var/cache/nginx', '/var/run', '/tmp']
   */
  readonly appWritablePaths?: readonly string[];
  /**
   * The log router image: aws-for-fluent-bit with the init process, pinned (`init-<version>` or digest).
   * @default DEFAULT_LOG_ROUTER_IMAGE
   */
  readonly logRouterImage?: string;
  /**
   * Memory reserved for the log router, in MiB (AWS recommends 50).
   * @default 50
   */
  readonly logRouterMemoryReservationMiB?: number;
  /**
   * The access-log parser; must capture every access-log column with the right casts.
   * @default NGINX_ACCESS_LOG_PARSER
   */
  readonly parser?: FluentBitRegexParser;
  /**
   * Bucket that holds the generated Fluent Bit files.
   * @default - a new SecureBucket (SSE-S3, public access blocked, TLS only)
   */
  readonly configBucket?: BucketRef;
  /**
   * KMS key of `configBucket`, when it encrypts with a customer-managed key; the task role then may
   * `kms:Decrypt` with it through S3.
   * @default - none (SSE-S3)
   */
  readonly configBucketKmsKeyArn?: string;
  /**
   * Key prefix of the Fluent Bit files in the config bucket (relative, ending in `/`).
   * @default 'fluent-bit/<serviceName>/'
   */
  readonly configKeyPrefix?: string;
  /**
   * Retention of the log router's own log group, in days (a CloudWatch Logs value).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key ARN to encrypt the log router's log group with.
   * @default - CloudWatch Logs' default encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * Fluent Bit `Retry_Limit` of the output to the stream (1–100).
   * @default 2
   */
  readonly outputRetryLimit?: number;
  /**
   * An Application Load Balancer in front of the service.
   * @default - none: clients reach the tasks directly (on `network.ingressCidrs`)
   */
  readonly loadBalancer?: FireLensLoadBalancerProps;
  /**
   * Private ECR repositories the execution role may pull from, in addition to those detected from
   * `appImage` and `logRouterImage` (use it when an image reference is a Terraform token).
   * @default - only the detected ones
   */
  readonly ecrRepositoryArns?: readonly string[];
}

/** Name of the log router container (the AWS convention). */
export const LOG_ROUTER_CONTAINER_NAME = 'log_router';
/** Environment variable of the log router holding the SHA-256 of the Fluent Bit files; changes roll the service. */
export const CONFIG_HASH_ENV = 'ICELOG_FLUENT_BIT_CONFIG_SHA256';
/** File names of the generated files; the init image stores downloads by file name, so they must differ. */
export const PARSERS_FILE_NAME = 'icelog-parsers.conf';
export const CONFIG_FILE_NAME = 'icelog-filters.conf';

const DEFAULT_WRITABLE_PATHS = ['/var/cache/nginx', '/var/run', '/tmp'];
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ECR_REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository\/[a-z0-9][a-z0-9._/-]*$/;

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
    const settings = resolveSettings(props);
    // Generates and validates the Fluent Bit files before anything is created.
    this.config = buildFireLensConfig({ appContainerName: settings.appContainerName, parser: props.parser });

    const ctx = AwsContext.of(this);
    const region = props.region ?? ctx.region;
    const target = props.deliveryStream.producerTarget;
    const output: FluentBitOutput =
      target.kind === 'firehose'
        ? {
            kind: 'kinesis_firehose',
            deliveryStream: target.deliveryStreamName,
            region,
            retryLimit: settings.retryLimit,
          }
        : { kind: 'kinesis_streams', stream: target.streamName, region, retryLimit: settings.retryLimit };
    const outputOptions = fireLensOutputOptions(output, 'deliveryStream.producerTarget');
    const network = resolveNetwork(this, props.network.vpc);

    // Fluent Bit files, as S3 objects the init image downloads.
    this.configBucket = props.configBucket ?? this.createConfigBucket();
    const parsersObject = this.configObject(
      'ParsersFile',
      `${settings.configKeyPrefix}${PARSERS_FILE_NAME}`,
      this.config.parsersFile,
    );
    const configObject = this.configObject(
      'ConfigFile',
      `${settings.configKeyPrefix}${CONFIG_FILE_NAME}`,
      this.config.configFile,
    );

    const logGroup = new RetainedLogGroup(this, 'LogRouterLogGroup', {
      logGroupName: `/ecs/${settings.serviceName}/log-router`,
      retentionInDays: settings.logRetentionDays,
      kmsKeyArn: props.logKmsKeyArn,
    });
    this.logGroupName = logGroup.logGroupName;

    // Roles: trusted by ECS tasks of this account only.
    const trust = {
      service: 'ecs-tasks.amazonaws.com',
      conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.accountId] }],
    };
    this.taskRole = new Role(this, 'TaskRole', {
      assumedBy: trust,
      namePrefix: 'icelog-task-',
      description: `Task role of ECS service ${settings.serviceName}: sends records to the stream, reads the Fluent Bit files`,
    });
    this.executionRole = new Role(this, 'ExecutionRole', {
      assumedBy: trust,
      namePrefix: 'icelog-exec-',
      description: `Task execution role of ECS service ${settings.serviceName}: log router logs and image pulls`,
    });
    props.deliveryStream.grantPutRecords(this.taskRole);
    this.taskRole.addToPolicy(
      'FluentBitConfigRead',
      this.configReadStatements(parsersObject, configObject, props, ctx),
    );
    this.executionRole.addToPolicy('LogRouterLogs', [
      {
        sid: 'WriteLogRouterLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroup.logGroupArn}:log-stream:*`],
      },
    ]);
    const ecrStatements = ecrPullStatements(
      ctx,
      [settings.appImage, settings.logRouterImage],
      props.ecrRepositoryArns ?? [],
    );
    if (ecrStatements.length > 0) this.executionRole.addToPolicy('EcrPull', ecrStatements);

    // Task definition: the app with the awsfirelens log driver, and the log router.
    const volumes = settings.appWritablePaths.map((path) => ({ name: volumeName(path), path }));
    const containerDefinitions = [
      {
        name: settings.appContainerName,
        image: settings.appImage,
        essential: true,
        // hostPort equals containerPort in awsvpc mode; ECS returns it, so stating it avoids a plan diff.
        portMappings: [
          { containerPort: settings.containerPort, hostPort: settings.containerPort, protocol: 'tcp' },
        ],
        readonlyRootFilesystem: true,
        mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
        logConfiguration: { logDriver: 'awsfirelens', options: outputOptions },
        dependsOn: [{ containerName: LOG_ROUTER_CONTAINER_NAME, condition: 'START' }],
      },
      {
        name: LOG_ROUTER_CONTAINER_NAME,
        image: settings.logRouterImage,
        essential: true,
        memoryReservation: settings.logRouterMemoryReservationMiB,
        firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
        // Sorted by name, as ECS returns them. The init image reads aws_fluent_bit_init_s3_<n> (object ARNs);
        // it tells the parsers file from the config file by its content, not by the number.
        environment: [
          { name: CONFIG_HASH_ENV, value: this.config.sha256 },
          { name: 'aws_fluent_bit_init_s3_1', value: parsersObject.arn },
          { name: 'aws_fluent_bit_init_s3_2', value: configObject.arn },
        ],
        readonlyRootFilesystem: false,
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': logGroup.logGroupName,
            'awslogs-region': ctx.region,
            'awslogs-stream-prefix': 'log-router',
          },
        },
      },
    ];
    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family: settings.serviceName,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(settings.cpu),
      memory: String(settings.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: settings.cpuArchitecture },
      taskRoleArn: this.taskRole.roleArn,
      executionRoleArn: this.executionRole.roleArn,
      containerDefinitions: JSON.stringify(containerDefinitions),
      volume: volumes.map((v) => ({ name: v.name })),
    });
    suppressGuardrail(
      this.taskDefinition,
      'CKV_AWS_336',
      `The ${settings.appContainerName} container runs with a read-only root filesystem. The ${LOG_ROUTER_CONTAINER_NAME} ` +
        'container cannot: the aws-for-fluent-bit init process writes /init/fluent-bit-init.conf, ' +
        '/init/invoke_fluent_bit.sh and /init/fluent-bit-init-s3-files/ next to its own binary in /init, so a ' +
        'volume mounted there would hide the binary.',
    );

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
    const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${settings.serviceName}-service`,
      description: `ECS service ${settings.serviceName}: app port from configured sources, HTTPS out`,
      vpcId: network.vpcId,
    });
    this.securityGroupId = securityGroup.id;
    for (const cidr of settings.egressCidrs) {
      new VpcSecurityGroupEgressRule(this, `HttpsTo${ruleIdSuffix(cidr)}`, {
        securityGroupId: securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: `HTTPS to AWS APIs and image registries via ${cidr}`,
        ...cidrRule(cidr),
      });
    }
    if (props.loadBalancer) {
      this.loadBalancer = new ServiceLoadBalancer(this, 'LoadBalancer', {
        ...props.loadBalancer,
        name: props.loadBalancer.name ?? settings.serviceName,
        vpcId: network.vpcId,
        subnetIds: props.loadBalancer.subnetIds ?? network.subnetIds,
        ingressCidrs: settings.ingressCidrs,
        serviceSecurityGroupId: securityGroup.id,
        targetPort: settings.containerPort,
      });
      new VpcSecurityGroupIngressRule(this, 'AppFromLoadBalancer', {
        securityGroupId: securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: settings.containerPort,
        toPort: settings.containerPort,
        referencedSecurityGroupId: this.loadBalancer.securityGroup.id,
        description: 'App port from the load balancer only',
      });
      this.endpointUrl = this.loadBalancer.endpointUrl;
    } else {
      for (const cidr of settings.ingressCidrs) {
        new VpcSecurityGroupIngressRule(this, `AppFrom${ruleIdSuffix(cidr)}`, {
          securityGroupId: securityGroup.id,
          ipProtocol: 'tcp',
          fromPort: settings.containerPort,
          toPort: settings.containerPort,
          description: `App port from ${cidr}`,
          ...cidrRule(cidr),
        });
      }
    }

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
      loadBalancer: this.loadBalancer
        ? [
            {
              targetGroupArn: this.loadBalancer.targetGroup.arn,
              containerName: settings.appContainerName,
              containerPort: settings.containerPort,
            },
          ]
        : undefined,
      healthCheckGracePeriodSeconds: this.loadBalancer ? 60 : undefined,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      dependsOn: [...policies, ...(this.loadBalancer?.listeners ?? [])],
    });
    this.serviceName = this.service.name;
    this.serviceArn = this.service.id;
  }

  /** The bucket the init image reads the Fluent Bit files from; unversioned on purpose (see reason). */
  private createConfigBucket(): SecureBucket {
    const bucket = new SecureBucket(this, 'ConfigBucket', { bucketPrefix: 'icelog-fluent-bit-' });
    suppressGuardrail(
      bucket.bucket,
      'CKV_AWS_21',
      'Holds only Terraform-managed copies of Fluent Bit files generated from code; the code history is the version history, and object versions would block terraform destroy.',
    );
    return bucket;
  }

  private configObject(id: string, key: string, content: string): S3Object {
    return new S3Object(this, id, {
      bucket: this.configBucket.bucketName,
      key,
      content,
      contentType: 'text/plain; charset=utf-8',
      // Kept in state only: shows a content change in the plan even where the ETag is not an MD5 (SSE-KMS).
      sourceHash: createHash('sha256').update(content).digest('hex'),
    });
  }

  private configReadStatements(
    parsersObject: S3Object,
    configObject: S3Object,
    props: FireLensServiceProps,
    ctx: AwsContext,
  ): PolicyStatement[] {
    const statements: PolicyStatement[] = [
      {
        sid: 'ReadFluentBitFiles',
        actions: ['s3:GetObject'],
        resources: [parsersObject.arn, configObject.arn],
      },
      // The init process asks for the bucket's region before it downloads.
      {
        sid: 'LocateConfigBucket',
        actions: ['s3:GetBucketLocation'],
        resources: [this.configBucket.bucketArn],
      },
    ];
    if (props.configBucketKmsKeyArn !== undefined) {
      statements.push({
        sid: 'DecryptFluentBitFiles',
        actions: ['kms:Decrypt'],
        resources: [props.configBucketKmsKeyArn],
        conditions: [
          { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${ctx.region}.${ctx.dnsSuffix}`] },
        ],
      });
    }
    return statements;
  }
}

/** Validated props with their defaults. */
interface Settings {
  readonly serviceName: string;
  readonly clusterName: string;
  readonly appContainerName: string;
  readonly appImage: string;
  readonly logRouterImage: string;
  readonly appWritablePaths: readonly string[];
  readonly containerPort: number;
  readonly cpu: number;
  readonly memory: number;
  readonly cpuArchitecture: 'X86_64' | 'ARM64';
  readonly desiredCount: number;
  readonly logRouterMemoryReservationMiB: number;
  readonly logRetentionDays: number;
  readonly retryLimit: number;
  readonly configKeyPrefix: string;
  readonly ingressCidrs: readonly string[];
  readonly egressCidrs: readonly string[];
}

/** Validates every prop (before any construct is created) and fills in the defaults. */
function resolveSettings(props: FireLensServiceProps): Settings {
  const ecsName = 'must be 1–255 characters of [A-Za-z0-9_-]';
  checkPattern('serviceName', props.serviceName, ECS_NAME, ecsName);
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
  checkPattern('clusterName', clusterName, ECS_NAME, ecsName);
  if (props.containerInsights !== undefined) {
    checkOneOf('containerInsights', props.containerInsights, ['enabled', 'enhanced']);
  }
  const appContainerName = props.appContainerName ?? 'nginx';
  checkPattern('appContainerName', appContainerName, ECS_NAME, ecsName);
  if (appContainerName === LOG_ROUTER_CONTAINER_NAME) {
    throw new ValidationError(
      'appContainerName',
      appContainerName,
      `must differ from the log router's name "${LOG_ROUTER_CONTAINER_NAME}"`,
    );
  }
  const appImage = props.appImage ?? DEFAULT_NGINX_IMAGE;
  validatePinnedImage('appImage', appImage);
  const logRouterImage = props.logRouterImage ?? DEFAULT_LOG_ROUTER_IMAGE;
  validatePinnedImage('logRouterImage', logRouterImage, true);

  const cpu = props.cpu ?? 256;
  const memory = props.memory ?? 512;
  validateFargateTaskSize('task', cpu, memory);
  const cpuArchitecture = props.cpuArchitecture ?? 'X86_64';
  checkOneOf('cpuArchitecture', cpuArchitecture, ['X86_64', 'ARM64']);
  const desiredCount = props.desiredCount ?? 1;
  checkIntegerInRange('desiredCount', desiredCount, 0, 5000, 'tasks');
  const containerPort = props.containerPort ?? 80;
  checkIntegerInRange('containerPort', containerPort, 1, 65535);
  const logRouterMemoryReservationMiB = props.logRouterMemoryReservationMiB ?? 50;
  checkIntegerInRange(
    'logRouterMemoryReservationMiB',
    logRouterMemoryReservationMiB,
    6,
    memory - 1,
    'MiB, below the task memory',
  );
  const logRetentionDays = props.logRetentionDays ?? RetainedLogGroup.DEFAULT_RETENTION_DAYS;
  validateLogRetention('logRetentionDays', logRetentionDays);
  const retryLimit = props.outputRetryLimit ?? 2;
  checkIntegerInRange('outputRetryLimit', retryLimit, 1, 100, 'retries');

  const appWritablePaths = props.appWritablePaths ?? DEFAULT_WRITABLE_PATHS;
  appWritablePaths.forEach((path, i) =>
    checkPattern(
      `appWritablePaths[${i}]`,
      path,
      /^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
      'must be an absolute path below "/" such as "/var/cache/nginx"',
    ),
  );
  checkUnique('appWritablePaths', appWritablePaths, volumeName);

  const configKeyPrefix = props.configKeyPrefix ?? `fluent-bit/${props.serviceName}/`;
  validateS3Prefix('configKeyPrefix', configKeyPrefix);
  if (props.configBucketKmsKeyArn !== undefined) {
    if (props.configBucket === undefined) {
      throw new ValidationError(
        'configBucketKmsKeyArn',
        props.configBucketKmsKeyArn,
        'must only be set together with configBucket (the bucket this construct creates uses SSE-S3)',
      );
    }
    validateKmsKeyArn('configBucketKmsKeyArn', props.configBucketKmsKeyArn);
  }
  if (props.logKmsKeyArn !== undefined) {
    validateKmsKeyArn('logKmsKeyArn', props.logKmsKeyArn);
  }
  (props.ecrRepositoryArns ?? []).forEach((arn, i) =>
    checkPattern(
      `ecrRepositoryArns[${i}]`,
      arn,
      ECR_REPOSITORY_ARN,
      'must be an ECR repository ARN (arn:<partition>:ecr:<region>:<account>:repository/<name>)',
    ),
  );

  if (props.region !== undefined) validateRegion('region', props.region);
  const target = props.deliveryStream.producerTarget;
  if (target.kind === 'firehose') {
    validateDeliveryStreamName('deliveryStream.producerTarget.deliveryStreamName', target.deliveryStreamName);
  } else {
    validateKinesisStreamName('deliveryStream.producerTarget.streamName', target.streamName);
  }
  validateNetwork('network', props.network);
  if (props.loadBalancer !== undefined)
    validateLoadBalancer('loadBalancer', props.loadBalancer, props.serviceName);

  return {
    serviceName: props.serviceName,
    clusterName,
    appContainerName,
    appImage,
    logRouterImage,
    appWritablePaths,
    containerPort,
    cpu,
    memory,
    cpuArchitecture,
    desiredCount,
    logRouterMemoryReservationMiB,
    logRetentionDays,
    retryLimit,
    configKeyPrefix,
    ingressCidrs: props.network.ingressCidrs ?? [],
    egressCidrs: props.network.egressCidrs ?? ['0.0.0.0/0'],
  };
}

/** Pull permissions for private ECR images; none for public registries (ECR Public, Docker Hub). */
function ecrPullStatements(
  ctx: AwsContext,
  images: readonly string[],
  extraRepositoryArns: readonly string[],
): PolicyStatement[] {
  const repositories = [
    ...images
      .map(parsePrivateEcrImage)
      .filter((image) => image !== undefined)
      .map((image) =>
        ctx.arn({
          service: 'ecr',
          region: image.region,
          account: image.account,
          resource: `repository/${image.repositoryName}`,
        }),
      ),
    ...extraRepositoryArns,
  ].filter((arn, i, all) => all.indexOf(arn) === i);
  if (repositories.length === 0) return [];
  return [
    // GetAuthorizationToken cannot be scoped to a repository: AWS only accepts "*" for it.
    { sid: 'EcrAuthorizationToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    {
      sid: 'EcrPullImages',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: repositories,
    },
  ];
}

/** Task volume name for a writable path, e.g. `/var/cache/nginx` → `app-var-cache-nginx`. */
function volumeName(path: string): string {
  return `app${path.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '');
}
