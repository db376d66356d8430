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
import { outputEnvironment } from './fluent-bit/buffered-output';
import { FluentBitOutput, validateOutput } from './fluent-bit/output';
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
  const ctx = AwsContext.of(scope);
  const region = props.region ?? ctx.region;
  const target = props.deliveryStream.producerTarget;
  const output: FluentBitOutput =
    target.kind === 'firehose'
      ? { kind: 'kinesis_firehose', deliveryStream: target.deliveryStreamName, region }
      : { kind: 'kinesis_streams', stream: target.streamName, region };
  validateOutput('deliveryStream.producerTarget', output);
  // Generates and validates the Fluent Bit files before anything is created.
  const config = buildFireLensConfig({
    appContainerName: settings.appContainerName,
    parser: props.parser,
    outputKind: output.kind,
    healthChecks: props.healthChecks,
    joinPartialMessages: props.joinPartialMessages,
    buffer: props.logRouterBuffer,
  });

  // Fluent Bit files, as S3 objects the init image downloads.
  const configBucket = props.configBucket ?? createConfigBucket(scope);
  const parsersObject = configObject(
    scope,
    'ParsersFile',
    configBucket,
    settings.configKeyPrefix,
    PARSERS_FILE_NAME,
    config.parsersFile,
  );
  const filtersObject = configObject(
    scope,
    'ConfigFile',
    configBucket,
    settings.configKeyPrefix,
    CONFIG_FILE_NAME,
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
      // No options: FireLens generates no output for the app; the generated config file's output
      // reads the filesystem-buffered tag the app's records are moved to.
      logConfiguration: { logDriver: 'awsfirelens' },
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
        ...outputEnvironment(output),
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
    // Keep superseded revisions registered: an ECS rollback starts the previous revision.
    skipDestroy: true,
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

/**
 * One generated file as an S3 object under a content-addressed key, `<prefix><sha256 prefix>/<name>`:
 * a task definition revision always reads the files it was made with. The init image stores
 * downloads by base name, so `name` stays the same across versions. `create_before_destroy`: the new
 * object exists before the task definition that names it, and the superseded one is deleted only
 * after the service update (which waits for the deployment to be steady) has succeeded — a failed
 * deployment rolls back to a revision whose files are still there.
 */
function configObject(
  scope: Construct,
  id: string,
  bucket: BucketRef,
  prefix: string,
  name: string,
  content: string,
): S3Object {
  const sha256 = createHash('sha256').update(content).digest('hex');
  return new S3Object(scope, id, {
    bucket: bucket.bucketName,
    key: contentAddressedKey(prefix, name, sha256),
    // Terraform would read `${…}` (Fluent Bit's environment references) as its own interpolation.
    content: escapeTerraformTemplate(content),
    contentType: 'text/plain; charset=utf-8',
    // Kept in state only: shows a content change in the plan even where the ETag is not an MD5 (SSE-KMS).
    sourceHash: sha256,
    lifecycle: { createBeforeDestroy: true },
  });
}

/** `text` as a Terraform string literal: `${` and `%{` escaped as `$${` and `%%{`. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** `<prefix><first 16 hex digits of sha256>/<name>`. */
export function contentAddressedKey(prefix: string, name: string, sha256: string): string {
  return `${prefix}${sha256.slice(0, 16)}/${name}`;
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
