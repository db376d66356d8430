import { AthenaWorkgroup as AthenaWorkgroupResource } from '@cdktf/provider-aws/lib/athena-workgroup';
import {
  AwsContext,
  kmsViaService,
  BucketRef,
  GlueDatabaseRef,
  GlueTableRef,
  PolicyStatement,
  SecureBucket,
  suppressGuardrail,
  ValidationError,
  checkIntegerInRange,
  checkPattern,
  isUnresolved,
  validateBucketPrefix,
} from '@icelog/core';
import { Construct, IConstruct } from 'constructs';
import { checkMaxLength, validateKmsKeyArn, validateLiteralPrefix } from './private/validation';
import { IWarehouseBucket } from './warehouse-bucket';

/** How Athena encrypts query results. */
export type AthenaResultsEncryption =
  /** SSE-S3 (S3-managed keys). */
  | { readonly kind: 'SSE_S3' }
  /** SSE-KMS with a customer-managed key. */
  | { readonly kind: 'SSE_KMS'; readonly kmsKeyArn: string };

/** An Athena workgroup whose configuration (results location, encryption) is enforced. */
export interface IAthenaWorkgroup extends IConstruct {
  /** Workgroup name (a token). */
  readonly workgroupName: string;
  /** `arn:<partition>:athena:<region>:<account>:workgroup/<name>` (a token). */
  readonly workgroupArn: string;
  /** `s3://<bucket>/<resultsPrefix>`: where query results go. */
  readonly resultsLocation: string;
  /** The bucket that receives the query results. */
  readonly resultsBucket: BucketRef;
  /** Key prefix of the query results inside `resultsBucket`. */
  readonly resultsPrefix: string;
  /** The KMS key that encrypts results; `undefined` for SSE-S3. */
  readonly resultsKmsKeyArn?: string;
}

/** Props of {@link AthenaWorkgroup}. */
export interface AthenaWorkgroupProps {
  /** Workgroup name: 1–128 characters of `[a-zA-Z0-9._-]`, e.g. `icelog-dev-smoke`. */
  readonly workgroupName: string;
  /**
   * Shown in the Athena console; at most 1024 characters.
   * @default - no description
   */
  readonly description?: string;
  /**
   * An existing bucket for the query results. The construct cannot add lifecycle rules to it, so
   * `resultsExpirationDays` must then be left unset.
   * @default - a new SecureBucket, owned by this construct, with an expiry on the results prefix
   */
  readonly resultsBucket?: BucketRef;
  /**
   * Key prefix of the query results (relative, ending in `/`).
   * @default 'athena-results/'
   */
  readonly resultsPrefix?: string;
  /**
   * Prefix of the generated name of the results bucket the construct creates (at most 37 characters).
   * @default 'icelog-athena-results-'
   */
  readonly resultsBucketPrefix?: string;
  /**
   * Days after which query results are deleted (1–36500), on the bucket the construct creates.
   * @default 7
   */
  readonly resultsExpirationDays?: number;
  /**
   * Encryption of query results, enforced for every query of the workgroup.
   * @default { kind: 'SSE_S3' }
   */
  readonly encryption?: AthenaResultsEncryption;
  /**
   * Cancel any query that scans more than this many bytes (at least 10485760, i.e. 10 MiB).
   * @default - no per-query limit
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Let `terraform destroy` delete the workgroup with its saved queries and history, and the results
   * bucket the construct created with the results in it. Only for throw-away environments (dev).
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * An `aws_athena_workgroup` for the smoke checker (and anyone querying the tables): workgroup settings
 * enforced over client settings (CKV_AWS_82), CloudWatch metrics published, engine pinned to
 * `Athena engine version 3` (the engine that reads Iceberg v2 tables), results encrypted (CKV_AWS_159)
 * into a results bucket whose objects expire, written only if the bucket belongs to the stack's account.
 */
export class AthenaWorkgroup extends Construct implements IAthenaWorkgroup {
  /** The engine every query of the workgroup runs on. */
  static readonly ENGINE_VERSION = 'Athena engine version 3';
  /** Default of {@link AthenaWorkgroupProps.resultsPrefix}. */
  static readonly DEFAULT_RESULTS_PREFIX = 'athena-results/';
  /** Default of {@link AthenaWorkgroupProps.resultsBucketPrefix}. */
  static readonly DEFAULT_RESULTS_BUCKET_PREFIX = 'icelog-athena-results-';
  /** Default of {@link AthenaWorkgroupProps.resultsExpirationDays}. */
  static readonly DEFAULT_RESULTS_EXPIRATION_DAYS = 7;
  /** Smallest `bytesScannedCutoffPerQuery` Athena accepts (10 MiB). */
  static readonly MIN_BYTES_SCANNED_CUTOFF = 10485760;

  readonly workgroupName: string;
  readonly workgroupArn: string;
  readonly resultsLocation: string;
  readonly resultsBucket: BucketRef;
  readonly resultsPrefix: string;
  readonly resultsKmsKeyArn?: string;
  /** The results bucket this construct created; `undefined` when an existing one was passed. */
  readonly ownedResultsBucket?: SecureBucket;
  /** The underlying `aws_athena_workgroup`. */
  readonly resource: AthenaWorkgroupResource;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    this.resultsPrefix = props.resultsPrefix ?? AthenaWorkgroup.DEFAULT_RESULTS_PREFIX;
    validateProps(id, props, this.resultsPrefix);
    const encryption = props.encryption ?? { kind: 'SSE_S3' };
    this.resultsKmsKeyArn = encryption.kind === 'SSE_KMS' ? encryption.kmsKeyArn : undefined;
    const forceDestroy = props.forceDestroy ?? false;

    if (props.resultsBucket === undefined) {
      this.ownedResultsBucket = new SecureBucket(this, 'ResultsBucket', {
        bucketPrefix: props.resultsBucketPrefix ?? AthenaWorkgroup.DEFAULT_RESULTS_BUCKET_PREFIX,
        encryption:
          encryption.kind === 'SSE_KMS'
            ? { kind: 'KMS', kmsKeyArn: encryption.kmsKeyArn }
            : { kind: 'AES256' },
        forceDestroy,
        prefixExpirations: [
          {
            id: 'expire-query-results',
            prefix: this.resultsPrefix,
            days: props.resultsExpirationDays ?? AthenaWorkgroup.DEFAULT_RESULTS_EXPIRATION_DAYS,
          },
        ],
      });
      suppressGuardrail(
        this.ownedResultsBucket.bucket,
        'CKV_AWS_21',
        'Holds only transient Athena query results that expire after a few days; object versions would keep deleted results and block terraform destroy.',
      );
      this.resultsBucket = this.ownedResultsBucket;
    } else {
      this.resultsBucket = props.resultsBucket;
    }
    this.resultsLocation = `s3://${this.resultsBucket.bucketName}/${this.resultsPrefix}`;

    this.resource = new AthenaWorkgroupResource(this, 'Workgroup', {
      name: props.workgroupName,
      description: props.description,
      state: 'ENABLED',
      forceDestroy,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: AthenaWorkgroup.ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: this.resultsLocation,
          expectedBucketOwner: AwsContext.of(this).accountId,
          encryptionConfiguration:
            encryption.kind === 'SSE_KMS'
              ? { encryptionOption: 'SSE_KMS', kmsKeyArn: encryption.kmsKeyArn }
              : { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.workgroupName = this.resource.name;
    this.workgroupArn = this.resource.arn;
  }
}

function validateProps(id: string, props: AthenaWorkgroupProps, resultsPrefix: string): void {
  checkPattern(
    `${id}.workgroupName`,
    props.workgroupName,
    /^[a-zA-Z0-9._-]{1,128}$/,
    'must be 1–128 characters of [a-zA-Z0-9._-]',
  );
  if (props.description !== undefined) checkMaxLength(`${id}.description`, props.description, 1024);
  validateLiteralPrefix(`${id}.resultsPrefix`, resultsPrefix);
  if (props.resultsBucket !== undefined) {
    for (const field of ['resultsExpirationDays', 'resultsBucketPrefix'] as const) {
      if (props[field] !== undefined) {
        throw new ValidationError(
          `${id}.${field}`,
          props[field],
          'must not be set together with resultsBucket (it configures the bucket the construct creates; an existing bucket keeps its own settings)',
        );
      }
    }
  }
  if (props.resultsBucketPrefix !== undefined) {
    validateBucketPrefix(`${id}.resultsBucketPrefix`, props.resultsBucketPrefix);
  }
  if (props.resultsExpirationDays !== undefined) {
    checkIntegerInRange(`${id}.resultsExpirationDays`, props.resultsExpirationDays, 1, 36500, 'days');
  }
  if (props.encryption?.kind === 'SSE_KMS') {
    validateKmsKeyArn(`${id}.encryption.kmsKeyArn`, props.encryption.kmsKeyArn);
  }
  const cutoff = props.bytesScannedCutoffPerQuery;
  if (cutoff !== undefined && !isUnresolved(cutoff)) {
    if (!Number.isSafeInteger(cutoff) || cutoff < AthenaWorkgroup.MIN_BYTES_SCANNED_CUTOFF) {
      throw new ValidationError(
        `${id}.bytesScannedCutoffPerQuery`,
        cutoff,
        `must be a whole number of bytes, at least ${AthenaWorkgroup.MIN_BYTES_SCANNED_CUTOFF} (10 MiB); leave it unset for no limit`,
      );
    }
  }
}

/** The Athena actions a query runner needs on its workgroup. */
export const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:StopQueryExecution',
] as const;

/** The Glue actions Athena calls, as the query runner, to read table definitions. */
export const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartitions',
] as const;

/**
 * The IAM statements an identity (e.g. the CI role of the smoke checker) needs to query `tables`
 * through `workgroup`, for users to attach to their own role:
 *
 * - `AthenaQueries`: start, poll, read and stop queries in this one workgroup;
 * - `GlueCatalogRead`: read the catalog, the database and exactly these tables;
 * - `WarehouseRead`: list the warehouse bucket and read objects under its tables prefix only;
 * - `QueryResultsReadWrite` / `QueryResultsBucket`: write and read results under the results prefix;
 * - `WarehouseKey` / `QueryResultsKey`: when a KMS key is in use, that key through S3 only.
 */
export function athenaQueryStatements(
  workgroup: IAthenaWorkgroup,
  database: GlueDatabaseRef,
  tables: readonly GlueTableRef[],
  warehouse: IWarehouseBucket,
): PolicyStatement[] {
  if (tables.length === 0) {
    throw new ValidationError('tables', tables, 'must name at least one table to query');
  }
  tables.forEach((table, i) => {
    if (table.database.databaseName !== database.databaseName) {
      throw new ValidationError(
        `tables[${i}].database`,
        table.database.databaseName,
        `must be the queried database "${database.databaseName}"`,
      );
    }
  });
  const viaS3 = kmsViaService(workgroup, 's3');
  const results = workgroup.resultsBucket.bucketArn;
  const statements: PolicyStatement[] = [
    { sid: 'AthenaQueries', actions: [...ATHENA_QUERY_ACTIONS], resources: [workgroup.workgroupArn] },
    {
      sid: 'GlueCatalogRead',
      actions: [...GLUE_READ_ACTIONS],
      resources: [database.catalogArn, database.databaseArn, ...tables.map((t) => t.tableArn)],
    },
    {
      sid: 'WarehouseRead',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetObject'],
      resources: [warehouse.bucketArn, `${warehouse.bucketArn}/${warehouse.tablesPrefix}*`],
    },
    {
      sid: 'QueryResultsBucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [results],
    },
    {
      sid: 'QueryResultsReadWrite',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [`${results}/${workgroup.resultsPrefix}*`],
    },
  ];
  if (warehouse.kmsKeyArn !== undefined) {
    statements.push({
      sid: 'WarehouseKey',
      actions: ['kms:Decrypt'],
      resources: [warehouse.kmsKeyArn],
      conditions: [viaS3],
    });
  }
  if (workgroup.resultsKmsKeyArn !== undefined) {
    statements.push({
      sid: 'QueryResultsKey',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [workgroup.resultsKmsKeyArn],
      conditions: [viaS3],
    });
  }
  return statements;
}
