/**
 * Plain references to catalog resources. Packages exchange these rather than each other's construct
 * classes, so a team can point icelog at resources it created elsewhere.
 */

/** An S3 bucket. */
export interface BucketRef {
  /** Bucket name (may be a token). */
  readonly bucketName: string;
  /** Bucket ARN, `arn:<partition>:s3:::<name>` (may be a token). */
  readonly bucketArn: string;
}

/** The Glue Data Catalog of an account and region. */
export interface GlueCatalogRef {
  /** Catalog id: the account id (may be a token). */
  readonly catalogId: string;
  /** `arn:<partition>:glue:<region>:<account>:catalog` (may be a token). */
  readonly catalogArn: string;
}

/** A Glue database. */
export interface GlueDatabaseRef extends GlueCatalogRef {
  /** Database name. */
  readonly databaseName: string;
  /** `arn:<partition>:glue:<region>:<account>:database/<name>` */
  readonly databaseArn: string;
}

/** A Glue table (Iceberg). */
export interface GlueTableRef {
  /** The database that holds the table. */
  readonly database: GlueDatabaseRef;
  /** Table name. */
  readonly tableName: string;
  /** `arn:<partition>:glue:<region>:<account>:table/<database>/<table>` */
  readonly tableArn: string;
}
