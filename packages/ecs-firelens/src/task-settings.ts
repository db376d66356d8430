import {
  BucketRef,
  RetainedLogGroup,
  ValidationError,
  checkIntegerInRange,
  checkOneOf,
  checkPattern,
  checkUnique,
  validateDeliveryStreamName,
  validateKinesisStreamName,
  validateKmsKeyArn,
  validateLogRetention,
  validateS3Prefix,
} from '@icelog/core';
import type { IIcebergDeliveryStream } from '@icelog/delivery';
import { validateFargateTaskSize } from './fargate';
import { validateRegion } from './fluent-bit/output';
import type { LogRouterBufferProps } from './fluent-bit/buffered-output';
import { FluentBitRegexParser } from './fluent-bit/parser';
import { DEFAULT_LOG_ROUTER_IMAGE, DEFAULT_NGINX_IMAGE, validatePinnedImage } from './images';

/** What a FireLens task definition can be configured with (shared by the task definition and the service). */
export interface FireLensTaskDefinitionOptions {
  /**
   * Region of the delivery stream (or its Kinesis source stream), written into the Fluent Bit output.
   * @default - the stack's region (`aws_region` data source)
   */
  readonly region?: string;
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
   * @default 'fluent-bit/<serviceName>/' (`fluent-bit/<family>/` for a task definition alone)
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
   * The log router's buffer for records the stream cannot take yet (a throttle burst, a stream being
   * replaced): chunks wait on disk and are retried without limit (see the README for the numbers).
   * @default - 32 MiB of chunks in memory, 1024 MiB on disk
   */
  readonly logRouterBuffer?: LogRouterBufferProps;
  /**
   * Application Load Balancer health checks (user agent `ELB-HealthChecker/…`): `'drop'` them in the
   * log router, or `'keep'` them as access records.
   * @default 'drop'
   */
  readonly healthChecks?: 'drop' | 'keep';
  /**
   * Join lines the container runtime split at 16 KiB before parsing them.
   * @default true
   */
  readonly joinPartialMessages?: boolean;
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
/** ECS names (service, cluster, family, container): 1–255 of `[A-Za-z0-9_-]`. */
export const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
export const ECS_NAME_RULE = 'must be 1–255 characters of [A-Za-z0-9_-]';
const ECR_REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository\/[a-z0-9][a-z0-9._/-]*$/;

/** Validated task definition options with their defaults. */
export interface TaskSettings {
  /** The task definition family (the service name for a service). */
  readonly name: string;
  readonly appContainerName: string;
  readonly appImage: string;
  readonly logRouterImage: string;
  readonly appWritablePaths: readonly string[];
  readonly containerPort: number;
  readonly cpu: number;
  readonly memory: number;
  readonly cpuArchitecture: 'X86_64' | 'ARM64';
  readonly logRouterMemoryReservationMiB: number;
  readonly logRetentionDays: number;
  readonly configKeyPrefix: string;
}

/**
 * Validates every task definition option (before any construct is created) and fills in the defaults.
 * `name` is the family, already checked against {@link ECS_NAME}.
 */
export function resolveTaskSettings(
  name: string,
  props: FireLensTaskDefinitionOptions,
  deliveryStream: IIcebergDeliveryStream,
): TaskSettings {
  const appContainerName = props.appContainerName ?? 'nginx';
  checkPattern('appContainerName', appContainerName, ECS_NAME, ECS_NAME_RULE);
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

  const configKeyPrefix = props.configKeyPrefix ?? `fluent-bit/${name}/`;
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
  const target = deliveryStream.producerTarget;
  if (target.kind === 'firehose') {
    validateDeliveryStreamName('deliveryStream.producerTarget.deliveryStreamName', target.deliveryStreamName);
  } else {
    validateKinesisStreamName('deliveryStream.producerTarget.streamName', target.streamName);
  }

  return {
    name,
    appContainerName,
    appImage,
    logRouterImage,
    appWritablePaths,
    containerPort,
    cpu,
    memory,
    cpuArchitecture,
    logRouterMemoryReservationMiB,
    logRetentionDays,
    configKeyPrefix,
  };
}

/** Task volume name for a writable path, e.g. `/var/cache/nginx` → `app-var-cache-nginx`. */
export function volumeName(path: string): string {
  return `app${path.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '');
}
