import type { KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import {
  FIRELENS_METADATA_COLUMNS,
  IcebergColumn,
  NGINX_ACCESS_LOG_COLUMNS,
  REQUEST_TIME_COLUMN,
  ValidationError,
  checkOneOf,
  isUnresolved,
  validateColumns,
  validateGlueName,
} from '@icelog/core';
import { metadataExtractionProcessing } from './processing';
import { buildStatusRoutingQuery, validateMetadataExtractionQuery } from './query';
import { DEFAULT_ROUTED_STATUSES, validateStatuses } from './statuses';

/** What a record does to an Iceberg table (the `operation` the query emits). */
export type IcebergOperation = 'insert' | 'update' | 'delete';

/** The operations the Firehose Iceberg destination accepts. */
export const ICEBERG_OPERATIONS: readonly IcebergOperation[] = ['insert', 'update', 'delete'];

/** Why a table exists. */
export type RoutedTableKind =
  /** Access-log records with one routed status. */
  | 'status'
  /** Access-log records whose status has no table of its own, or is not an integer. */
  | 'fallback'
  /** Records without a status: nginx error and start-up lines, anything the parser did not read. */
  | 'unparsed';

/** A table the routing query can name. The catalog creates exactly these; the role may write exactly these. */
export interface RoutedTable {
  /** Glue table name. */
  readonly tableName: string;
  readonly kind: RoutedTableKind;
  /** The HTTP status, for `kind: 'status'` only. */
  readonly status?: number;
  /** The table's columns. */
  readonly columns: readonly IcebergColumn[];
  /** A description for the Glue table. */
  readonly description: string;
}

/**
 * A routing definition: the Firehose MetadataExtraction processor and the complete set of tables its
 * query can produce.
 */
export interface IRecordRouting {
  /** The Glue database every record goes to (may be a token). */
  readonly databaseName: string;
  /** The operation every record performs. */
  readonly operation: IcebergOperation;
  /** The JQ 1.6 `MetadataExtractionQuery`. */
  readonly query: string;
  /** The processing configuration for the delivery stream's Iceberg destination. */
  readonly processingConfiguration: KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration;
  /** Every table {@link query} can name, each exactly once. */
  readonly tables: readonly RoutedTable[];
}

/** Properties of {@link StatusRouting}. */
export interface StatusRoutingProps {
  /**
   * The Glue database of the tables. May be a token (e.g. the database resource's name).
   */
  readonly databaseName: string;

  /**
   * Prefix of the per-status tables: a record with status 404 goes to `<tablePrefix>404`. Must start
   * with a lower-case letter and contain only `[a-z0-9_]`, so that every produced name is a valid
   * Glue name that Athena can query unquoted.
   * @default 'request_'
   */
  readonly tablePrefix?: string;

  /**
   * The HTTP statuses that get a table of their own: distinct integers from 100 to 599.
   * @default DEFAULT_ROUTED_STATUSES
   */
  readonly statuses?: readonly number[];

  /**
   * The table for access-log records whose status is not in {@link statuses} or not an integer. Has
   * the access-log columns.
   * @default `${tablePrefix}other`
   */
  readonly fallbackTableName?: string;

  /**
   * The table for records without a `status` field: nginx error and start-up lines (stderr), and any
   * line the FireLens parser did not match. Has the unparsed columns.
   * @default `${tablePrefix}unparsed`
   */
  readonly unparsedTableName?: string;

  /**
   * Columns of the status and fallback tables.
   * @default - NGINX_ACCESS_LOG_COLUMNS, FIRELENS_METADATA_COLUMNS and REQUEST_TIME_COLUMN
   */
  readonly accessColumns?: readonly IcebergColumn[];

  /**
   * Columns of the unparsed table.
   * @default - `log` (string, the raw line), FIRELENS_METADATA_COLUMNS and REQUEST_TIME_COLUMN
   */
  readonly unparsedColumns?: readonly IcebergColumn[];

  /**
   * The operation every record performs. `update` and `delete` need unique keys on every table (set
   * on the delivery stream's destination tables).
   * @default 'insert'
   */
  readonly operation?: IcebergOperation;
}

/** The default columns of the unparsed table: the raw line, the FireLens metadata and the request time. */
export const UNPARSED_LOG_COLUMNS: readonly IcebergColumn[] = [
  { name: 'log', type: 'string', comment: 'The raw log line, as the container wrote it' },
  ...FIRELENS_METADATA_COLUMNS,
  REQUEST_TIME_COLUMN,
];

/** The default columns of the status and fallback tables: access-log fields, FireLens metadata, request time. */
export const ACCESS_LOG_COLUMNS: readonly IcebergColumn[] = [
  ...NGINX_ACCESS_LOG_COLUMNS,
  ...FIRELENS_METADATA_COLUMNS,
  REQUEST_TIME_COLUMN,
];

const TABLE_PREFIX_PATTERN = /^[a-z][a-z0-9_]*$/;
const MAX_TABLE_NAME_LENGTH = 255;

/**
 * Routes nginx access-log records to one Iceberg table per HTTP status, with a fallback table for other
 * statuses and an unparsed table for records without a status, so that no record is sent to a table
 * that does not exist.
 *
 * A plain class: it creates no Terraform resources. Give {@link tables} to the catalog (one Iceberg
 * table each) and to the delivery stream (grants on exactly those tables), and
 * {@link processingConfiguration} to the delivery stream.
 *
 * @example
 * const routing = new StatusRouting({ databaseName: 'icelog_dev' });
 * routing.tableNameFor(404); // 'request_404'
 * routing.tableNameFor(418); // 'request_other'
 */
export class StatusRouting implements IRecordRouting {
  public readonly databaseName: string;
  public readonly operation: IcebergOperation;
  /** The prefix of the per-status tables. */
  public readonly tablePrefix: string;
  /** The statuses that have a table of their own, in the order given. */
  public readonly routedStatuses: readonly number[];
  /** The table for access-log records with any other status. */
  public readonly fallbackTableName: string;
  /** The table for records without a status. */
  public readonly unparsedTableName: string;
  public readonly query: string;
  public readonly processingConfiguration: KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration;
  public readonly tables: readonly RoutedTable[];

  constructor(props: StatusRoutingProps) {
    const tablePrefix = props.tablePrefix ?? 'request_';
    const statuses = props.statuses ?? DEFAULT_ROUTED_STATUSES;
    const operation = props.operation ?? 'insert';
    const accessColumns = props.accessColumns ?? ACCESS_LOG_COLUMNS;
    const unparsedColumns = props.unparsedColumns ?? UNPARSED_LOG_COLUMNS;

    validateGlueName('databaseName', props.databaseName);
    validateStatuses('statuses', statuses);
    validateTablePrefix(tablePrefix, props);
    checkOneOf('operation', operation, ICEBERG_OPERATIONS);
    validateColumns('accessColumns', accessColumns);
    validateColumns('unparsedColumns', unparsedColumns);

    const fallbackTableName = props.fallbackTableName ?? `${tablePrefix}other`;
    const unparsedTableName = props.unparsedTableName ?? `${tablePrefix}unparsed`;
    validateGlueName('fallbackTableName', fallbackTableName);
    validateGlueName('unparsedTableName', unparsedTableName);

    const statusTables: RoutedTable[] = statuses.map((status) => ({
      tableName: `${tablePrefix}${status}`,
      kind: 'status',
      status,
      columns: [...accessColumns],
      description: `nginx access-log records with HTTP status ${status}`,
    }));
    checkNoCollision('fallbackTableName', fallbackTableName, statusTables);
    checkNoCollision('unparsedTableName', unparsedTableName, statusTables);
    if (
      !isUnresolved(fallbackTableName) &&
      !isUnresolved(unparsedTableName) &&
      fallbackTableName === unparsedTableName
    ) {
      throw new ValidationError(
        'unparsedTableName',
        unparsedTableName,
        `must differ from fallbackTableName ("${fallbackTableName}"): the two tables have different columns`,
      );
    }

    this.databaseName = props.databaseName;
    this.operation = operation;
    this.tablePrefix = tablePrefix;
    this.routedStatuses = Object.freeze([...statuses]);
    this.fallbackTableName = fallbackTableName;
    this.unparsedTableName = unparsedTableName;
    this.tables = Object.freeze([
      ...statusTables,
      {
        tableName: fallbackTableName,
        kind: 'fallback',
        columns: [...accessColumns],
        description: 'nginx access-log records whose status has no table of its own (or is not an integer)',
      },
      {
        tableName: unparsedTableName,
        kind: 'unparsed',
        columns: [...unparsedColumns],
        description:
          'Records without a status: nginx error and start-up lines (stderr) and lines the parser did not match',
      },
    ]);
    this.query = buildStatusRoutingQuery({
      databaseName: props.databaseName,
      tablePrefix,
      statuses,
      fallbackTableName,
      unparsedTableName,
      operation,
    });
    validateMetadataExtractionQuery('query', this.query);
    this.processingConfiguration = metadataExtractionProcessing(this.query);
  }

  /**
   * The table a record with this numeric status lands in: `<tablePrefix><status>` for a routed status,
   * the fallback table otherwise. (Records without a status go to {@link unparsedTableName}.) The query
   * is the source of truth; the tests check that both agree on the real jq.
   */
  public tableNameFor(status: number): string {
    return Number.isInteger(status) && this.routedStatuses.includes(status)
      ? `${this.tablePrefix}${status}`
      : this.fallbackTableName;
  }
}

function validateTablePrefix(prefix: string, props: StatusRoutingProps): void {
  if (isUnresolved(prefix)) return;
  if (typeof prefix !== 'string' || !TABLE_PREFIX_PATTERN.test(prefix)) {
    throw new ValidationError(
      'tablePrefix',
      prefix,
      'must start with a lower-case letter and contain only lower-case letters, digits and underscores, so that every table name it produces is a valid Glue name',
    );
  }
  // The longest name the prefix produces: `<prefix>unparsed`, `<prefix>other` or `<prefix><3 digits>`.
  const suffix =
    props.unparsedTableName === undefined
      ? 'unparsed'
      : props.fallbackTableName === undefined
        ? 'other'
        : '599';
  if (prefix.length + suffix.length > MAX_TABLE_NAME_LENGTH) {
    throw new ValidationError(
      'tablePrefix',
      prefix,
      `must be at most ${MAX_TABLE_NAME_LENGTH - suffix.length} characters long, so that the table name "<tablePrefix>${suffix}" fits Glue's ${MAX_TABLE_NAME_LENGTH}-character limit`,
    );
  }
}

function checkNoCollision(field: string, name: string, statusTables: readonly RoutedTable[]): void {
  if (isUnresolved(name)) return;
  const clash = statusTables.find((t) => t.tableName === name);
  if (clash) {
    throw new ValidationError(
      field,
      name,
      `must differ from the table of routed status ${clash.status} ("${clash.tableName}")`,
    );
  }
}
