import { IcebergColumn, ValidationError } from '@icelog/core';
import { Construct } from 'constructs';
import { IcebergDatabase } from './iceberg-database';
import { IcebergTable } from './iceberg-table';
import { TableMaintenance } from './table-maintenance';
import { TableMaintenanceOptions } from './table-maintenance-options';
import { IWarehouseBucket, WarehouseBucket, WarehouseBucketProps } from './warehouse-bucket';

/** Props of {@link IcebergCatalog}. */
export interface IcebergCatalogProps {
  /** Glue database name: `^[a-z0-9_]{1,255}$`, e.g. `icelog_dev`. */
  readonly databaseName: string;
  /**
   * Database description.
   * @default - no description
   */
  readonly description?: string;
  /**
   * An existing warehouse. Mutually exclusive with `warehouseProps`.
   * @default - a new {@link WarehouseBucket} (id `Warehouse`) built from `warehouseProps`
   */
  readonly warehouse?: IWarehouseBucket;
  /**
   * Settings of the warehouse bucket the catalog creates.
   * @default - WarehouseBucket defaults (SSE-S3, prefix `icelog-warehouse-`, `warehouse/`, `errors/`)
   */
  readonly warehouseProps?: WarehouseBucketProps;
  /**
   * Table maintenance for every table of the catalog, or `false` for none (dev environments, or
   * tables that see little traffic).
   * @default - compaction, snapshot retention (5 days, 1 snapshot) and orphan-file deletion (3 days)
   */
  readonly maintenance?: TableMaintenanceOptions | false;
}

/** One table of an {@link IcebergCatalog}. */
export interface CatalogTableOptions {
  /** Table name: `^[a-z0-9_]{1,255}$`, unique within the catalog. */
  readonly tableName: string;
  /** The columns, in order (read at creation only). */
  readonly columns: readonly IcebergColumn[];
}

/**
 * A warehouse bucket, a Glue database in it and, through {@link IcebergCatalog.addTable}, its Iceberg
 * tables — maintained by one {@link TableMaintenance} unless `maintenance: false`. Construct ids:
 * `Warehouse`, `Database`, `Maintenance`, and `Table-<tableName>` per table.
 */
export class IcebergCatalog extends Construct {
  readonly warehouse: IWarehouseBucket;
  readonly database: IcebergDatabase;
  /** The shared table maintenance; `undefined` with `maintenance: false`. */
  readonly maintenance?: TableMaintenance;
  private readonly tablesByName = new Map<string, IcebergTable>();

  constructor(scope: Construct, id: string, props: IcebergCatalogProps) {
    super(scope, id);
    if (props.warehouse !== undefined && props.warehouseProps !== undefined) {
      throw new ValidationError(
        `${id}.warehouseProps`,
        props.warehouseProps,
        'must not be set together with warehouse (they describe a bucket the catalog creates)',
      );
    }
    this.warehouse = props.warehouse ?? new WarehouseBucket(this, 'Warehouse', props.warehouseProps);
    this.database = new IcebergDatabase(this, 'Database', {
      databaseName: props.databaseName,
      description: props.description,
      warehouse: this.warehouse,
    });
    if (props.maintenance !== false) {
      this.maintenance = new TableMaintenance(this, 'Maintenance', {
        ...props.maintenance,
        database: this.database,
        warehouse: this.warehouse,
      });
    }
  }

  /** The tables added so far, in order. */
  get tables(): readonly IcebergTable[] {
    return [...this.tablesByName.values()];
  }

  /** Adds an Iceberg table (construct id `Table-<tableName>`); names must be unique in the catalog. */
  addTable(options: CatalogTableOptions): IcebergTable {
    if (this.tablesByName.has(options.tableName)) {
      throw new ValidationError(
        `${this.node.id}.tables`,
        options.tableName,
        `must not define table "${options.tableName}" twice in database "${this.database.databaseName}"`,
      );
    }
    const table = new IcebergTable(this, `Table-${options.tableName}`, {
      database: this.database,
      warehouse: this.warehouse,
      tableName: options.tableName,
      columns: options.columns,
      maintenance: this.maintenance,
    });
    this.tablesByName.set(options.tableName, table);
    return table;
  }

  /** The table named `tableName`, or `undefined`. */
  tryFindTable(tableName: string): IcebergTable | undefined {
    return this.tablesByName.get(tableName);
  }
}
