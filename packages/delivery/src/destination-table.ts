import {
  GlueDatabaseRef,
  GlueTableRef,
  ValidationError,
  checkNonEmpty,
  checkUnique,
  isUnresolved,
  validateGlueName,
  validateS3Prefix,
} from '@icelog/core';
import { KinesisFirehoseDeliveryStreamIcebergConfigurationDestinationTableConfiguration } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';

/**
 * One Iceberg table the delivery stream writes to. The delivery role may write to exactly these tables
 * (and no other table of the database); records routed anywhere else fail and land under the error prefix.
 */
export interface IcebergDestinationTable {
  /**
   * The Iceberg table (format v2) in the stream's database: the catalog's `IcebergTable` (whose
   * `columns` let the stream check `uniqueKeys`), an imported table, or any `GlueTableRef`.
   */
  readonly table: GlueTableRef & { readonly columns?: readonly { readonly name: string }[] };
  /**
   * Columns that identify a row, for records whose `operation` is `update` or `delete`. A table with
   * unique keys is listed in the stream's `destination_table_configuration`, which hashicorp/aws
   * 5.100.0 treats as ForceNew: adding, changing or removing such a table replaces the delivery stream
   * (its buffered records are lost). Tables without keys or error prefixes are not listed when the
   * stream routes. (the routing's
   * MetadataExtraction query sets it per record). Firehose uses them to find the rows to change; `insert`
   * records ignore them and always append. Firehose checks at stream creation that the table and these
   * columns exist, so the table must be created before the stream (a table created in the same stack is,
   * because the stream depends on the role policy that names the table's ARN).
   * @default - none; enough for `insert`, the only operation icelog's routing emits
   */
  readonly uniqueKeys?: readonly string[];
  /**
   * Error prefix for this table's failed records, instead of the stream's `errorOutputPrefix`. Like
   * `uniqueKeys` it lists the table in `destination_table_configuration`: changing it replaces the
   * stream. A relative
   * S3 key prefix ending in `/`; if it uses `!{…}` expressions it must include
   * `!{firehose:error-output-type}`.
   * @default - the stream's `errorOutputPrefix`
   */
  readonly errorOutputPrefix?: string;
}

const ERROR_OUTPUT_TYPE = '!{firehose:error-output-type}';

/**
 * Throws unless `prefix` is a valid Firehose error output prefix: a relative S3 key prefix ending in `/`
 * that, when it holds `!{…}` expressions, includes `!{firehose:error-output-type}` (Firehose rejects
 * the stream otherwise).
 */
export function validateErrorOutputPrefix(field: string, prefix: string): void {
  if (isUnresolved(prefix)) return;
  validateS3Prefix(field, prefix);
  if (prefix.includes('!{') && !prefix.includes(ERROR_OUTPUT_TYPE)) {
    throw new ValidationError(
      field,
      prefix,
      `must include ${ERROR_OUTPUT_TYPE} when it uses !{…} expressions (a Firehose rule for error output prefixes)`,
    );
  }
}

/** Checks the destination tables against the stream's database. */
export function validateDestinationTables(
  field: string,
  database: GlueDatabaseRef,
  tables: readonly IcebergDestinationTable[],
): void {
  checkNonEmpty(field, tables);
  tables.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    validateGlueName(`${at}.table.tableName`, entry.table.tableName);
    const tableDatabase = entry.table.database.databaseName;
    if (
      !isUnresolved(tableDatabase) &&
      !isUnresolved(database.databaseName) &&
      tableDatabase !== database.databaseName
    ) {
      throw new ValidationError(
        `${at}.table.database.databaseName`,
        tableDatabase,
        `must be the stream's database "${database.databaseName}" (one delivery stream writes to one database)`,
      );
    }
    if (entry.uniqueKeys !== undefined) {
      checkNonEmpty(`${at}.uniqueKeys`, entry.uniqueKeys);
      entry.uniqueKeys.forEach((column, k) => validateGlueName(`${at}.uniqueKeys[${k}]`, column));
      checkUnique(`${at}.uniqueKeys`, entry.uniqueKeys);
    }
    if (entry.errorOutputPrefix !== undefined) {
      validateErrorOutputPrefix(`${at}.errorOutputPrefix`, entry.errorOutputPrefix);
    }
  });
  checkUnique(
    `${field}[*].table.tableName`,
    tables.map((entry) => entry.table.tableName),
  );
}

/**
 * The provider's `destination_table_configuration` blocks for `tables`. With routing (`routed`: a
 * MetadataExtraction processor names each record's table) Firehose takes the table from the routing
 * metadata, so only tables that need a setting of their own are listed — `uniqueKeys` or a per-table
 * `errorOutputPrefix` — and none for icelog's status routing. That matters because hashicorp/aws
 * 5.100.0 marks the block ForceNew: every change to the list (a routed status added or removed)
 * would delete and re-create the delivery stream, dropping what it buffers. Without routing every
 * table is listed (Firehose needs it to pick the one table). The role's Glue grants still name every
 * table's exact ARN either way.
 */
export function destinationTableConfigurations(
  database: GlueDatabaseRef,
  tables: readonly IcebergDestinationTable[],
  routed = false,
): KinesisFirehoseDeliveryStreamIcebergConfigurationDestinationTableConfiguration[] | undefined {
  const listed = routed
    ? tables.filter((entry) => entry.uniqueKeys !== undefined || entry.errorOutputPrefix !== undefined)
    : tables;
  if (listed.length === 0) return undefined;
  return listed.map((entry) => ({
    databaseName: database.databaseName,
    tableName: entry.table.tableName,
    uniqueKeys: entry.uniqueKeys ? [...entry.uniqueKeys] : undefined,
    s3ErrorOutputPrefix: entry.errorOutputPrefix,
  }));
}
