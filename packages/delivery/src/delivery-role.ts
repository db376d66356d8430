import {
  AwsContext,
  kmsViaService,
  BucketRef,
  GlueDatabaseRef,
  GlueTableRef,
  PolicyStatement,
  Role,
  isUnresolved,
} from '@icelog/core';
import { bucketReadWriteStatements, glueTableWriteStatements } from '@icelog/catalog';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';

/** The Kinesis actions Firehose needs to read a source stream. */
export const KINESIS_SOURCE_READ_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:GetShardIterator',
  'kinesis:GetRecords',
  'kinesis:ListShards',
] as const;

/** Names of the role's inline policies (they appear in the plan and the IAM console). */
export const DELIVERY_ROLE_POLICY_NAMES = {
  icebergTables: 'IcebergTables',
  warehouse: 'WarehouseBucket',
  logging: 'ErrorLogging',
  kinesisSource: 'KinesisSource',
} as const;

/** What the delivery role may touch. */
export interface DeliveryRoleGrants {
  /** Literal delivery stream name (for the role name prefix), or a token. */
  readonly deliveryStreamName: string;
  /** The one database. */
  readonly database: GlueDatabaseRef;
  /** Exactly the tables the stream writes to. */
  readonly tables: readonly GlueTableRef[];
  /** Warehouse and error output bucket. */
  readonly warehouse: BucketRef;
  /** KMS key of the warehouse bucket, when it is SSE-KMS. */
  readonly warehouseKmsKeyArn?: string;
  /** ARNs of the CloudWatch log streams Firehose writes delivery errors to. */
  readonly logStreamArns: readonly string[];
  /** The Kinesis source stream and its customer-managed key, when the source is Kinesis. */
  readonly kinesisSource?: { readonly streamArn: string; readonly encryptionKeyArn?: string };
}

/**
 * The role Firehose assumes, with least privilege: trusted by `firehose.amazonaws.com` only when the
 * external id is this account's id; each permission on exact ARNs (see the README's "Role permissions").
 * Returns the role and its inline policies, which the delivery stream must depend on because Firehose
 * checks its permissions when the stream is created.
 */
export function createDeliveryRole(
  scope: Construct,
  id: string,
  grants: DeliveryRoleGrants,
): { readonly role: Role; readonly policies: IamRolePolicy[] } {
  const ctx = AwsContext.of(scope);
  const name = grants.deliveryStreamName;
  const role = new Role(scope, id, {
    assumedBy: {
      service: 'firehose.amazonaws.com',
      conditions: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [ctx.accountId] }],
    },
    namePrefix: isUnresolved(name) ? 'icelog-firehose-' : `${name.slice(0, 37)}-`,
    description: isUnresolved(name)
      ? 'Kinesis Data Firehose delivery to Apache Iceberg tables (icelog)'
      : `Kinesis Data Firehose delivery of ${name} to Apache Iceberg tables (icelog)`,
  });

  role.addToPolicy(
    DELIVERY_ROLE_POLICY_NAMES.icebergTables,
    glueTableWriteStatements(grants.database, grants.tables),
  );
  role.addToPolicy(
    DELIVERY_ROLE_POLICY_NAMES.warehouse,
    bucketReadWriteStatements(scope, grants.warehouse, { kmsKeyArn: grants.warehouseKmsKeyArn }),
  );
  role.addToPolicy(DELIVERY_ROLE_POLICY_NAMES.logging, [
    {
      sid: 'PutDeliveryErrorLogEvents',
      actions: ['logs:PutLogEvents'],
      resources: [...grants.logStreamArns],
    },
  ]);
  if (grants.kinesisSource) {
    const statements: PolicyStatement[] = [
      {
        sid: 'ReadSourceStream',
        actions: [...KINESIS_SOURCE_READ_ACTIONS],
        resources: [grants.kinesisSource.streamArn],
      },
    ];
    if (grants.kinesisSource.encryptionKeyArn !== undefined) {
      statements.push({
        sid: 'DecryptSourceStream',
        actions: ['kms:Decrypt'],
        resources: [grants.kinesisSource.encryptionKeyArn],
        conditions: [kmsViaService(scope, 'kinesis')],
      });
    }
    role.addToPolicy(DELIVERY_ROLE_POLICY_NAMES.kinesisSource, statements);
  }

  const policies = role.node.children.filter(
    (child): child is IamRolePolicy => child instanceof IamRolePolicy,
  );
  return { role, policies };
}
