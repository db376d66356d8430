import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import {
  GlueDatabaseRef,
  GlueTableRef,
  IcebergColumn,
  ValidationError,
  validateColumns,
  validateGlueName,
} from '@icelog/core';
import { Construct, IConstruct } from 'constructs';
import { IIcebergDatabase, IcebergDatabase } from './iceberg-database';
import { checkMaxLength } from './private/validation';
import { IWarehouseBucket } from './warehouse-bucket';

/** An Iceberg table in the Glue Data Catalog whose data lives in an icelog warehouse. */
export interface IIcebergTable extends IConstruct, GlueTableRef {
  /** The warehouse that holds the table's data. */
  readonly warehouse: IWarehouseBucket;
  /** `s3://<bucket>/<tablesPrefix><database>/<table>`. */
  readonly location: string;
}

/**
 * Maintenance that tables join when they are created (implemented by `TableMaintenance`). Declared here so
 * the table does not depend on the maintenance module, which depends on the table.
 */
export interface ITableMaintenance {
  /** Adds the table's optimizers and grants the maintenance role access to it. */
  addTable(table: IIcebergTable): void;
}

/** Props of {@link IcebergTable}. */
export interface IcebergTableProps {
  /** The database that holds the table (an {@link IcebergDatabase} or any `GlueDatabaseRef`). */
  readonly database: IIcebergDatabase | GlueDatabaseRef;
  /**
   * The warehouse bucket that holds the table's data.
   * @default - the database's warehouse, when `database` is an {@link IcebergDatabase}
   */
  readonly warehouse?: IWarehouseBucket;
  /** Table name: `^[a-z0-9_]{1,255}$`, e.g. `request_200`. */
  readonly tableName: string;
  /**
   * The columns, in order. Read at creation only: see the README ("Changing columns") for why a later
   * change here does not evolve the Iceberg schema and how to evolve it.
   */
  readonly columns: readonly IcebergColumn[];
  /**
   * Table maintenance (compaction, snapshot retention, orphan-file deletion) shared by the tables of
   * one database. Pass the same `TableMaintenance` to every table; leave it out to run none
   * (e.g. in dev).
   * @default - no table optimizers
   */
  readonly maintenance?: ITableMaintenance;
}

/**
 * Attributes of `aws_glue_catalog_table` that Glue and the Iceberg writers (Firehose deliveries,
 * compaction, snapshot expiry, Athena DDL) own after creation. Each Iceberg commit swaps the Glue
 * table entry for one derived from the new `metadata.json`; Terraform must neither revert that nor
 * re-send it (the provider's update is a plain `UpdateTable`, not a compare-and-swap, so it would race
 * the writers' commits). Each entry, and why:
 *
 * - `storage_descriptor`: every commit rewrites the columns from the Iceberg schema, adding
 *   `iceberg.field.id`, `iceberg.field.optional` and `iceberg.field.current` parameters to each one
 *   (dropped columns stay, marked `iceberg.field.current=false`), resets `location` to the Iceberg
 *   table location and (depending on the writer) drops the input/output formats and SerDe. icelog
 *   declares the columns and location, so without this entry every plan after the first delivery
 *   would try to put them back.
 *   The `metadata.json`, not this block, is the source of truth for the schema — which is also why a
 *   column change here would not evolve the table (see the README, "Changing columns").
 * - `parameters`: Glue sets `table_type=ICEBERG` and `metadata_location` at creation; each commit
 *   moves `metadata_location` and adds `previous_metadata_location` (newer writers also
 *   `metadata_hashcode`, `iceberg.table.*`). Provider 5.100.0 hides only the first two and treats
 *   `parameters` as plain optional, so without this entry the next plan would delete
 *   `previous_metadata_location`. icelog sets no parameters of its own, so nothing is lost.
 *
 * test/terraform.test.ts proves both with the real Terraform and provider: a table in the state it
 * has after a commit plans no change, and the same table without this list plans an update of exactly
 * these two attributes.
 */
export const ICEBERG_MANAGED_TABLE_ATTRIBUTES = ['parameters', 'storage_descriptor'] as const;

/**
 * An Apache Iceberg (format v2) table registered in the Glue Data Catalog: an `aws_glue_catalog_table`
 * of type `EXTERNAL_TABLE` created through `open_table_format_input` (Glue writes the first
 * `metadata.json`), with typed columns and its data at `warehouse.tableLocation(database, table)`.
 * Implements `GlueTableRef` for grants. The attributes that Iceberg commits rewrite are ignored
 * after creation ({@link ICEBERG_MANAGED_TABLE_ATTRIBUTES}), so the second plan is empty.
 */
export class IcebergTable extends Construct implements IIcebergTable {
  readonly database: GlueDatabaseRef;
  readonly warehouse: IWarehouseBucket;
  /** Table name as written in the props (a plain string). */
  readonly tableName: string;
  readonly tableArn: string;
  readonly location: string;
  /** The columns the table was declared with. */
  readonly columns: readonly IcebergColumn[];
  /** The underlying `aws_glue_catalog_table`. */
  readonly resource: GlueCatalogTable;

  constructor(scope: Construct, id: string, props: IcebergTableProps) {
    super(scope, id);
    validateGlueName(`${id}.tableName`, props.tableName);
    validateColumns(`${id}.columns`, props.columns);
    props.columns.forEach((column, i) => {
      if (column.comment !== undefined) checkMaxLength(`${id}.columns[${i}].comment`, column.comment, 255);
    });
    const warehouse =
      props.warehouse ?? ('warehouse' in props.database ? props.database.warehouse : undefined);
    if (warehouse === undefined) {
      throw new ValidationError(
        `${id}.warehouse`,
        undefined,
        'must be set when database is not an IcebergDatabase (the table location is in the warehouse)',
      );
    }

    this.database = props.database;
    this.warehouse = warehouse;
    this.tableName = props.tableName;
    this.columns = props.columns;
    this.location = warehouse.tableLocation(props.database.databaseName, props.tableName);
    this.resource = new GlueCatalogTable(this, 'Table', {
      catalogId: props.database.catalogId,
      // A reference to a database of this stack, so Terraform creates the database first.
      databaseName:
        props.database instanceof IcebergDatabase
          ? props.database.resource.name
          : props.database.databaseName,
      name: props.tableName,
      tableType: 'EXTERNAL_TABLE',
      openTableFormatInput: { icebergInput: { metadataOperation: 'CREATE', version: '2' } },
      storageDescriptor: {
        location: this.location,
        columns: props.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      },
      lifecycle: { ignoreChanges: [...ICEBERG_MANAGED_TABLE_ATTRIBUTES] },
    });
    this.tableArn = this.resource.arn;

    props.maintenance?.addTable(this);
  }
}
