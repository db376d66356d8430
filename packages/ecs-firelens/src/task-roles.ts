import { Construct } from 'constructs';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { AwsContext, BucketRef, PolicyStatement, Role, kmsViaService } from '@icelog/core';
import type { IIcebergDeliveryStream } from '@icelog/delivery';
import { parsePrivateEcrImage } from './images';
import { TaskSettings } from './task-settings';

/** What {@link createTaskRoles} needs besides the settings. */
export interface TaskRolesProps {
  /** Who owns the roles, for their descriptions, e.g. `ECS service web`. */
  readonly owner: string;
  readonly deliveryStream: IIcebergDeliveryStream;
  readonly configBucket: BucketRef;
  readonly configObjects: readonly S3Object[];
  readonly configBucketKmsKeyArn?: string;
  /** ARN of the log router's log group. */
  readonly logGroupArn: string;
  readonly ecrRepositoryArns: readonly string[];
}

/** The two roles of a FireLens task. */
export interface TaskRoles {
  /** Fluent Bit's credentials: may put records to the stream and read the Fluent Bit files. */
  readonly taskRole: Role;
  /** Pulls images and writes the log router's own logs. */
  readonly executionRole: Role;
}

/**
 * Creates the task role (`TaskRole`) and the task execution role (`ExecutionRole`) in `scope`, both
 * trusted by ECS tasks of this account only, with exact-ARN permissions.
 */
export function createTaskRoles(scope: Construct, settings: TaskSettings, props: TaskRolesProps): TaskRoles {
  const ctx = AwsContext.of(scope);
  const trust = {
    service: 'ecs-tasks.amazonaws.com',
    conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.accountId] }],
  };
  const taskRole = new Role(scope, 'TaskRole', {
    assumedBy: trust,
    namePrefix: 'icelog-task-',
    description: `Task role of ${props.owner}: sends records to the stream, reads the Fluent Bit files`,
  });
  const executionRole = new Role(scope, 'ExecutionRole', {
    assumedBy: trust,
    namePrefix: 'icelog-exec-',
    description: `Task execution role of ${props.owner}: log router logs and image pulls`,
  });
  props.deliveryStream.grantPutRecords(taskRole);
  taskRole.addToPolicy('FluentBitConfigRead', configReadStatements(scope, props));
  executionRole.addToPolicy('LogRouterLogs', [
    {
      sid: 'WriteLogRouterLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${props.logGroupArn}:log-stream:*`],
    },
  ]);
  const ecrStatements = ecrPullStatements(
    ctx,
    [settings.appImage, settings.logRouterImage],
    props.ecrRepositoryArns,
  );
  if (ecrStatements.length > 0) executionRole.addToPolicy('EcrPull', ecrStatements);
  return { taskRole, executionRole };
}

function configReadStatements(scope: Construct, props: TaskRolesProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: 'ReadFluentBitFiles',
      actions: ['s3:GetObject'],
      resources: props.configObjects.map((o) => o.arn),
    },
    // The init process asks for the bucket's region before it downloads.
    {
      sid: 'LocateConfigBucket',
      actions: ['s3:GetBucketLocation'],
      resources: [props.configBucket.bucketArn],
    },
  ];
  if (props.configBucketKmsKeyArn !== undefined) {
    statements.push({
      sid: 'DecryptFluentBitFiles',
      actions: ['kms:Decrypt'],
      resources: [props.configBucketKmsKeyArn],
      conditions: [kmsViaService(scope, 's3')],
    });
  }
  return statements;
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
