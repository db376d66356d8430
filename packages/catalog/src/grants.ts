import {
  kmsViaService,
  BucketRef,
  GlueDatabaseRef,
  GlueTableRef,
  PolicyStatement,
  ValidationError,
} from '@icelog/core';
import { IConstruct } from 'constructs';
import { validateLiteralPrefix } from './private/validation';

/**
 * IAM statements for writers of Iceberg tables (the Firehose role, table optimizers). Each helper returns
 * statements scoped to exact ARNs — never `database/*` or `table/*\/*` — for the caller to attach to its
 * own role with `role.addToPolicy(name, statements)`.
 */

/** The Glue actions an Iceberg writer needs: read the catalog, database and table; commit new snapshots. */
export const GLUE_ICEBERG_WRITE_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'] as const;

/** The S3 actions an Iceberg writer needs on its warehouse bucket (data, metadata, error output). */
export const S3_ICEBERG_WRITE_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:PutObject',
  's3:DeleteObject',
] as const;

/**
 * `glue:GetDatabase`, `glue:GetTable`, `glue:UpdateTable` on the catalog, the one database and exactly
 * the given tables. All tables must belong to `database`.
 */
export function glueTableWriteStatements(
  database: GlueDatabaseRef,
  tables: readonly GlueTableRef[],
): PolicyStatement[] {
  if (tables.length === 0) {
    throw new ValidationError('tables', tables, 'must name at least one table to grant access to');
  }
  tables.forEach((table, i) => {
    if (table.database.databaseName !== database.databaseName) {
      throw new ValidationError(
        `tables[${i}].database`,
        table.database.databaseName,
        `must be the granted database "${database.databaseName}"`,
      );
    }
  });
  return [
    {
      sid: 'IcebergCatalogAccess',
      actions: [...GLUE_ICEBERG_WRITE_ACTIONS],
      resources: [database.catalogArn, database.databaseArn, ...tables.map((t) => t.tableArn)],
    },
  ];
}

/** Options of {@link bucketReadWriteStatements}. */
export interface BucketAccessOptions {
  /**
   * KMS key that encrypts the bucket; adds `kms:Decrypt`/`kms:GenerateDataKey` on that key, limited
   * by `kms:ViaService` to S3 in the stack's region.
   * @default - the bucket uses S3-managed keys; no KMS statement
   */
  readonly kmsKeyArn?: string;
  /**
   * Limits object-level access to keys under these prefixes (each relative and ending in `/`, e.g.
   * `warehouse/`). Bucket-level actions (`s3:ListBucket`, …) still name the bucket ARN.
   * @default - every object in the bucket
   */
  readonly keyPrefixes?: readonly string[];
}

/**
 * The S3 actions of {@link S3_ICEBERG_WRITE_ACTIONS} on the bucket and its objects (or only the objects
 * under `options.keyPrefixes`), and — for a KMS-encrypted bucket — use of that one key through S3 only.
 */
export function bucketReadWriteStatements(
  scope: IConstruct,
  bucket: BucketRef,
  options: BucketAccessOptions = {},
): PolicyStatement[] {
  let objects = [`${bucket.bucketArn}/*`];
  if (options.keyPrefixes !== undefined) {
    if (options.keyPrefixes.length === 0) {
      throw new ValidationError(
        'keyPrefixes',
        options.keyPrefixes,
        'must name at least one prefix (omit it to grant the whole bucket)',
      );
    }
    options.keyPrefixes.forEach((prefix, i) => validateLiteralPrefix(`keyPrefixes[${i}]`, prefix));
    objects = options.keyPrefixes.map((prefix) => `${bucket.bucketArn}/${prefix}*`);
  }
  const statements: PolicyStatement[] = [
    {
      sid: 'WarehouseBucketAccess',
      actions: [...S3_ICEBERG_WRITE_ACTIONS],
      resources: [bucket.bucketArn, ...objects],
    },
  ];
  if (options.kmsKeyArn !== undefined) {
    statements.push({
      sid: 'WarehouseBucketKey',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [options.kmsKeyArn],
      conditions: [kmsViaService(scope, 's3')],
    });
  }
  return statements;
}
