import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { AwsContext, GlueDatabaseRef, validateGlueName } from '@icelog/core';
import { Construct, IConstruct } from 'constructs';
import { checkMaxLength } from './private/validation';
import { IWarehouseBucket } from './warehouse-bucket';

/** A Glue database whose tables live in an icelog warehouse bucket. */
export interface IIcebergDatabase extends IConstruct, GlueDatabaseRef {
  /** The warehouse that holds the database's tables. */
  readonly warehouse: IWarehouseBucket;
  /** `s3://<bucket>/<tablesPrefix><databaseName>`. */
  readonly locationUri: string;
}

/** Props of {@link IcebergDatabase}. */
export interface IcebergDatabaseProps {
  /** Database name: `^[a-z0-9_]{1,255}$` (Athena's rule), e.g. `icelog_dev`. */
  readonly databaseName: string;
  /** The warehouse bucket; the database's `location_uri` is `s3://<bucket>/<tablesPrefix><databaseName>`. */
  readonly warehouse: IWarehouseBucket;
  /**
   * Shown in the Glue console and Athena; at most 2048 characters.
   * @default - no description
   */
  readonly description?: string;
}

/**
 * An `aws_glue_catalog_database` whose location is a folder of the warehouse bucket. It implements
 * `GlueDatabaseRef`, so other packages (delivery, smoke checks) can grant access to it by ARN.
 */
export class IcebergDatabase extends Construct implements IIcebergDatabase {
  /** Database name as written in the props (a plain string, usable in JQ queries, SQL and messages). */
  readonly databaseName: string;
  readonly databaseArn: string;
  /** The stack's account id: the Data Catalog id. */
  readonly catalogId: string;
  /** `arn:<partition>:glue:<region>:<account>:catalog`. */
  readonly catalogArn: string;
  readonly locationUri: string;
  readonly warehouse: IWarehouseBucket;
  /** The underlying `aws_glue_catalog_database`. */
  readonly resource: GlueCatalogDatabase;

  constructor(scope: Construct, id: string, props: IcebergDatabaseProps) {
    super(scope, id);
    validateGlueName(`${id}.databaseName`, props.databaseName);
    if (props.description !== undefined) checkMaxLength(`${id}.description`, props.description, 2048);

    const ctx = AwsContext.of(this);
    this.databaseName = props.databaseName;
    this.warehouse = props.warehouse;
    this.locationUri = props.warehouse.databaseLocation(props.databaseName);
    this.resource = new GlueCatalogDatabase(this, 'Database', {
      name: props.databaseName,
      locationUri: this.locationUri,
      description: props.description,
    });
    this.databaseArn = this.resource.arn;
    this.catalogId = ctx.accountId;
    this.catalogArn = ctx.arn({ service: 'glue', resource: 'catalog' });
  }
}
