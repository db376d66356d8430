import { ValidationError, isUnresolved, validateKmsKeyArn } from '@icelog/core';
import type { IWarehouseBucket } from '@icelog/catalog';
import type { KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import type { IcebergDeliveryStreamProps } from './delivery-stream-props';

/**
 * What a delivery stream needs from a routing: its processing configuration (the MetadataExtraction
 * processor that names a table per record) and every table its query can name. `StatusRouting` from
 * `@icelog/routing` satisfies it; delivery declares it so the two packages never import each other.
 */
export interface IDeliveryRouting {
  /** The Glue database every record is routed to. */
  readonly databaseName: string;
  /** The processing configuration of the Iceberg destination. */
  readonly processingConfiguration: KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration;
  /** Every table the routing can produce. */
  readonly tables: readonly { readonly tableName: string }[];
}

/** The warehouse facts a stream derives from its warehouse bucket (and the explicit props). */
export interface DerivedWarehouse {
  readonly kmsKeyArn?: string;
  readonly errorOutputPrefix?: string;
}

/**
 * The warehouse's KMS key and error prefix, derived from the bucket (catalog's `IWarehouseBucket`
 * `kmsKeyArn`/`errorOutputPrefix`, or a `SecureBucket`'s `encryption`) unless the props name them.
 * Throws when `warehouseKmsKeyArn` contradicts the key the bucket reports.
 */
export function deriveWarehouse(id: string, props: IcebergDeliveryStreamProps): DerivedWarehouse {
  const warehouse = props.warehouse;
  const reported =
    warehouse.kmsKeyArn ??
    (warehouse.encryption?.kind === 'KMS' ? warehouse.encryption.kmsKeyArn : undefined);
  if (props.warehouseKmsKeyArn !== undefined) {
    validateKmsKeyArn(`${id}.warehouseKmsKeyArn`, props.warehouseKmsKeyArn, props.region);
    if (
      reported !== undefined &&
      !isUnresolved(reported) &&
      !isUnresolved(props.warehouseKmsKeyArn) &&
      reported !== props.warehouseKmsKeyArn
    ) {
      throw new ValidationError(
        `${id}.warehouseKmsKeyArn`,
        props.warehouseKmsKeyArn,
        `must be the key the warehouse bucket reports ("${reported}"), or be left out to use it`,
      );
    }
  }
  return {
    kmsKeyArn: props.warehouseKmsKeyArn ?? reported,
    errorOutputPrefix: props.errorOutputPrefix ?? warehouse.errorOutputPrefix,
  };
}

/**
 * Checks the tables against the routing: with a routing, the tables must be exactly those it can
 * produce (a missing one fails records with `Iceberg.NoSuchTable`; an extra one widens the role for
 * nothing) and in its database; without one, there must be a single table (Firehose cannot choose
 * between tables without routing metadata). Skipped for names that are tokens.
 */
export function validateRouting(id: string, props: IcebergDeliveryStreamProps): void {
  const given = props.tables.map((entry) => entry.table.tableName);
  const routing = props.routing;
  if (routing === undefined) {
    if (given.length > 1) {
      throw new ValidationError(
        `${id}.routing`,
        undefined,
        `must be set when the stream writes to ${given.length} tables (${given.join(', ')}): without routing metadata Firehose cannot choose a table and every record fails`,
      );
    }
    return;
  }
  const database = props.database.databaseName;
  if (!isUnresolved(routing.databaseName) && !isUnresolved(database) && routing.databaseName !== database) {
    throw new ValidationError(
      `${id}.routing.databaseName`,
      routing.databaseName,
      `must be the stream's database "${database}"`,
    );
  }
  const produced = routing.tables.map((t) => t.tableName);
  if ([...produced, ...given].some((name) => isUnresolved(name))) return;
  const missing = produced.filter((name) => !given.includes(name));
  const extra = given.filter((name) => !produced.includes(name));
  if (missing.length === 0 && extra.length === 0) return;
  const problems = [
    missing.length > 0
      ? `missing ${missing.join(', ')} (records routed there would fail with Iceberg.NoSuchTable)`
      : '',
    extra.length > 0 ? `never produced by the routing: ${extra.join(', ')}` : '',
  ].filter((p) => p !== '');
  throw new ValidationError(
    `${id}.tables`,
    given,
    `must be exactly the tables the routing can produce [${produced.join(', ')}]; ${problems.join('; ')}`,
  );
}

/** Checks each destination table's `uniqueKeys` against the table's columns, when the table lists them. */
export function validateUniqueKeys(id: string, props: IcebergDeliveryStreamProps): void {
  props.tables.forEach((entry, i) => {
    const columns = entry.table.columns?.map((c) => c.name);
    if (entry.uniqueKeys === undefined || columns === undefined) return;
    entry.uniqueKeys.forEach((key, k) => {
      if (isUnresolved(key) || columns.includes(key)) return;
      throw new ValidationError(
        `${id}.tables[${i}].uniqueKeys[${k}]`,
        key,
        `must be a column of table "${entry.table.tableName}" (${columns.join(', ')})`,
      );
    });
  });
}

/** Re-exported for the props' type: the catalog's warehouse interface the stream reads from. */
export type { IWarehouseBucket };
