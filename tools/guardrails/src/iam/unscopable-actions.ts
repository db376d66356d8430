/**
 * IAM actions that do not support resource-level permissions: a statement granting them must use
 * `Resource: "*"` (Service Authorization Reference: no resource type listed for the action).
 * CKV_AWS_355 accepts `"*"` for these and for nothing else. Compared case-insensitively, as IAM does.
 *
 * Keep this the only such list. Add an action only with its service-reference page checked.
 */
export const UNSCOPABLE_ACTIONS: readonly string[] = [
  // Lake Formation credential vending for Glue / S3 Tables (SECURITY.md: needs a suppression reason too).
  'lakeformation:GetDataAccess',
  // ECR registry login, done by the ECS agent with the execution role.
  'ecr:GetAuthorizationToken',
  'sts:GetCallerIdentity',
  'cloudwatch:PutMetricData',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'ecs:RegisterTaskDefinition',
  'ecs:DeregisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'ecs:ListClusters',
  's3:ListAllMyBuckets',
  'kms:ListAliases',
  'kms:ListKeys',
  'kinesis:ListStreams',
  'firehose:ListDeliveryStreams',
  'athena:ListWorkGroups',
  'secretsmanager:GetRandomPassword',
  'secretsmanager:ListSecrets',
  'ssm:DescribeParameters',
];

const LOWER = new Set(UNSCOPABLE_ACTIONS.map((a) => a.toLowerCase()));

/**
 * True when `action` cannot be scoped to a resource. Wildcard patterns (`s3:Get*`) and expressions
 * count as scopable: they may match actions that support resource ARNs.
 */
export function isUnscopableAction(action: string): boolean {
  return LOWER.has(action.toLowerCase());
}
