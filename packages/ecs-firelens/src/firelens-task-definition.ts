import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import {
  AwsContext,
  BucketRef,
  RetainedLogGroup,
  Role,
  SecureBucket,
  checkPattern,
  suppressGuardrail,
} from '@icelog/core';
import type { IIcebergDeliveryStream } from '@icelog/delivery';
import { FireLensConfigFiles, buildFireLensConfig } from './firelens-config';
import { FluentBitOutput, fireLensOutputOptions } from './fluent-bit/output';
import { createTaskRoles } from './task-roles';
import {
  CONFIG_FILE_NAME,
  CONFIG_HASH_ENV,
  ECS_NAME,
  ECS_NAME_RULE,
  FireLensTaskDefinitionOptions,
  LOG_ROUTER_CONTAINER_NAME,
  PARSERS_FILE_NAME,
  TaskSettings,
  resolveTaskSettings,
  volumeName,
} from './task-settings';

/** Props of {@link FireLensTaskDefinition}. */
export interface FireLensTaskDefinitionProps extends FireLensTaskDefinitionOptions {
  /** The delivery stream the access records go to (Direct PUT, or its Kinesis source stream). */
  readonly deliveryStream: IIcebergDeliveryStream;
  /**
   * Task definition family: 1–255 characters of `[A-Za-z0-9_-]`; also part of the log router's log
   * group name and the default config key prefix.
   */
  readonly family: string;
}

/** What a FireLens task definition is made of. */
export interface FireLensTaskResources {
  /** The task role (Fluent Bit's credentials): add grants for what the app itself needs. */
  readonly taskRole: Role;
  /** The task execution role (image pulls, the log router's own logs). */
  readonly executionRole: Role;
  /** The bucket that holds the Fluent Bit files. */
  readonly configBucket: BucketRef;
  /** The generated Fluent Bit files. */
  readonly config: FireLensConfigFiles;
  /** The log router's own log group. */
  readonly logGroupName: string;
  /** The task definition. */
  readonly taskDefinition: EcsTaskDefinition;
}

/**
 * A Fargate task definition with the app container (its stdout/stderr on the `awsfirelens` log driver)
 * and the aws-for-fluent-bit `init` log router that parses access lines and sends them to a delivery
 * stream, with its own task and execution roles, config bucket and log group. Use it to run the app in
 * a service of your own; {@link FireLensService} adds the cluster, service and network.
 */
export class FireLensTaskDefinition extends Construct implements FireLensTaskResources {
  readonly taskRole: Role;
  readonly executionRole: Role;
  readonly configBucket: BucketRef;
  readonly config: FireLensConfigFiles;
  readonly logGroupName: string;
  readonly taskDefinition: EcsTaskDefinition;
  /** The task definition ARN (with revision). */
  readonly taskDefinitionArn: string;

  constructor(scope: Construct, id: string, props: FireLensTaskDefinitionProps) {
    super(scope, id);
    checkPattern('family', props.family, ECS_NAME, ECS_NAME_RULE);
    const settings = resolveTaskSettings(props.family, props, props.deliveryStream);
    const built = addFireLensTaskDefinition(this, settings, props, `task definition ${props.family}`);
    this.taskRole = built.taskRole;
    this.executionRole = built.executionRole;
    this.configBucket = built.configBucket;
    this.config = built.config;
    this.logGroupName = built.logGroupName;
    this.taskDefinition = built.taskDefinition;
    this.taskDefinitionArn = built.taskDefinition.arn;
  }
}

/**
 * Creates the resources of a FireLens task definition directly in `scope` (construct ids `ConfigBucket`,
 * `ParsersFile`, `ConfigFile`, `LogRouterLogGroup`, `TaskRole`, `ExecutionRole`, `TaskDefinition`), so
 * {@link FireLensService} keeps its resource addresses. `owner` names who the roles serve.
 */
export function addFireLensTaskDefinition(
  scope: Construct,
  settings: TaskSettings,
  props: FireLensTaskDefinitionOptions & { readonly deliveryStream: IIcebergDeliveryStream },
  owner: string,
): FireLensTaskResources {
  // Generates and validates the Fluent Bit files before anything is created.
  const config = buildFireLensConfig({ appContainerName: settings.appContainerName, parser: props.parser });

  const ctx = AwsContext.of(scope);
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

  // Fluent Bit files, as S3 objects the init image downloads.
  const configBucket = props.configBucket ?? createConfigBucket(scope);
  const configObject = (id: string, key: string, content: string) =>
    new S3Object(scope, id, {
      bucket: configBucket.bucketName,
      key,
      content,
      contentType: 'text/plain; charset=utf-8',
      // Kept in state only: shows a content change in the plan even where the ETag is not an MD5 (SSE-KMS).
      sourceHash: createHash('sha256').update(content).digest('hex'),
    });
  const parsersObject = configObject(
    'ParsersFile',
    `${settings.configKeyPrefix}${PARSERS_FILE_NAME}`,
    config.parsersFile,
  );
  const filtersObject = configObject(
    'ConfigFile',
    `${settings.configKeyPrefix}${CONFIG_FILE_NAME}`,
    config.configFile,
  );

  const logGroup = new RetainedLogGroup(scope, 'LogRouterLogGroup', {
    logGroupName: `/ecs/${settings.name}/log-router`,
    retentionInDays: settings.logRetentionDays,
    kmsKeyArn: props.logKmsKeyArn,
  });

  const { taskRole, executionRole } = createTaskRoles(scope, settings, {
    owner,
    deliveryStream: props.deliveryStream,
    configBucket,
    configObjects: [parsersObject, filtersObject],
    configBucketKmsKeyArn: props.configBucketKmsKeyArn,
    logGroupArn: logGroup.logGroupArn,
    ecrRepositoryArns: props.ecrRepositoryArns ?? [],
  });

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
        { name: CONFIG_HASH_ENV, value: config.sha256 },
        { name: 'aws_fluent_bit_init_s3_1', value: parsersObject.arn },
        { name: 'aws_fluent_bit_init_s3_2', value: filtersObject.arn },
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
  const taskDefinition = new EcsTaskDefinition(scope, 'TaskDefinition', {
    family: settings.name,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: String(settings.cpu),
    memory: String(settings.memory),
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: settings.cpuArchitecture },
    taskRoleArn: taskRole.roleArn,
    executionRoleArn: executionRole.roleArn,
    containerDefinitions: JSON.stringify(containerDefinitions),
    volume: volumes.map((v) => ({ name: v.name })),
  });
  suppressGuardrail(
    taskDefinition,
    'CKV_AWS_336',
    `The ${settings.appContainerName} container runs with a read-only root filesystem. The ${LOG_ROUTER_CONTAINER_NAME} ` +
      'container cannot: the aws-for-fluent-bit init process writes /init/fluent-bit-init.conf, ' +
      '/init/invoke_fluent_bit.sh and /init/fluent-bit-init-s3-files/ next to its own binary in /init, so a ' +
      'volume mounted there would hide the binary.',
  );
  return {
    taskRole,
    executionRole,
    configBucket,
    config,
    logGroupName: logGroup.logGroupName,
    taskDefinition,
  };
}

/** The bucket the init image reads the Fluent Bit files from; unversioned on purpose (see reason). */
function createConfigBucket(scope: Construct): SecureBucket {
  const bucket = new SecureBucket(scope, 'ConfigBucket', { bucketPrefix: 'icelog-fluent-bit-' });
  suppressGuardrail(
    bucket.bucket,
    'CKV_AWS_21',
    'Holds only Terraform-managed copies of Fluent Bit files generated from code; the code history is the version history, and object versions would block terraform destroy.',
  );
  return bucket;
}
