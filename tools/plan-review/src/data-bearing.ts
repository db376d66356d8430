/**
 * THE table of data-bearing resource types: what each holds, what replacing or deleting it costs, and
 * which attributes force Terraform to replace it. Both the plan summary and the synth diff read it; keep
 * it the only copy.
 *
 * Sources for `forceNew`: the `ForceNew: true` / `RequiresReplace` schema flags in
 * hashicorp/terraform-provider-aws (file named per type below; tag v5.100.0, the version the
 * `@cdktf/provider-aws` 20.1.0 bindings wrap). Every entry is checked against the real provider
 * by `tools/tf-offline/test/plan-offline.terraform.test.ts`, which plans each attribute change against
 * a seeded state and asserts Terraform's `replace_paths`.
 */

/** An attribute whose change makes Terraform replace the resource. */
export interface ForceNewAttribute {
  /** Attribute path without list indices, e.g. `iceberg_configuration.catalog_arn`. */
  readonly path: string;
  /**
   * Which change replaces the resource: `'any-change'` of the value, or only `'block-count-change'`,
   * a nested block added or removed (editing the fields of an existing block updates it in place).
   * @default 'any-change'
   */
  readonly replacesWhen?: 'any-change' | 'block-count-change';
  /**
   * Extra context for reviewers.
   * @default - none
   */
  readonly note?: string;
}

/** A resource type whose replacement or deletion loses data or history. */
export interface DataBearingType {
  /** Terraform resource type, e.g. `aws_glue_catalog_table`. */
  readonly type: string;
  /** What a replacement costs, in one or two sentences for the PR comment. */
  readonly onReplace: string;
  /** What a deletion costs. */
  readonly onDelete: string;
  /** Attributes whose change forces a replacement. */
  readonly forceNew: readonly ForceNewAttribute[];
  /** Where the ForceNew flags are defined in terraform-provider-aws. */
  readonly source: string;
}

const types: readonly DataBearingType[] = [
  {
    type: 'aws_kinesis_firehose_delivery_stream',
    onReplace:
      'The delivery stream is deleted and created again: records buffered in it (up to the buffering interval/size) are lost, and FireLens producers get errors until the new stream is ACTIVE.',
    onDelete: 'Records buffered in the stream are lost and log delivery stops.',
    source: 'internal/service/firehose/delivery_stream.go',
    forceNew: [
      { path: 'name' },
      { path: 'destination' },
      { path: 'kinesis_source_configuration', note: 'adding, removing or changing the source' },
      { path: 'msk_source_configuration' },
      { path: 'iceberg_configuration.catalog_arn' },
      {
        path: 'iceberg_configuration.destination_table_configuration',
        replacesWhen: 'block-count-change',
        note: 'hashicorp/aws 5.100.0 marks the block ForceNew (hashicorp/terraform-provider-aws#48743): adding or removing a destination table replaces the stream, editing one in place does not; with JQ routing the list is not needed',
      },
    ],
  },
  {
    type: 'aws_kinesis_stream',
    onReplace:
      'The stream and every record it retains are deleted; records not yet read by Firehose are lost, and producers and Firehose must attach to the new stream.',
    onDelete: 'Every record the stream retains is lost.',
    source: 'internal/service/kinesis/stream.go',
    forceNew: [{ path: 'name' }],
  },
  {
    type: 'aws_glue_catalog_database',
    onReplace:
      'The Glue database is dropped with every table definition in it: the Iceberg tables lose their metadata pointers, so Athena and Firehose can no longer reach the data (the S3 files stay behind, orphaned).',
    onDelete:
      'Every table definition in the database is dropped: the Iceberg data in S3 becomes unreachable from Athena and Firehose.',
    source: 'internal/service/glue/catalog_database.go',
    forceNew: [{ path: 'name' }, { path: 'catalog_id' }],
  },
  {
    type: 'aws_glue_catalog_table',
    onReplace:
      'The Glue Iceberg table is dropped and created empty: it loses its metadata pointer (metadata_location), so existing snapshots and data in S3 become unreachable from Athena and Firehose.',
    onDelete:
      'The table definition and its metadata pointer are dropped: the data in S3 becomes unreachable, and Firehose records routed to the table fail with Iceberg.NoSuchTable.',
    source: 'internal/service/glue/catalog_table.go',
    forceNew: [{ path: 'name' }, { path: 'database_name' }, { path: 'catalog_id' }],
  },
  {
    type: 'aws_s3_bucket',
    onReplace:
      'The bucket must be deleted first: Terraform fails while it holds objects (force_destroy off), or with force_destroy every object (Iceberg data and metadata, failed records) is deleted.',
    onDelete:
      'Every object in the bucket (Iceberg data and metadata, failed records) is lost; with force_destroy off Terraform fails while objects remain.',
    source: 'internal/service/s3/bucket.go',
    forceNew: [{ path: 'bucket' }, { path: 'bucket_prefix' }, { path: 'object_lock_enabled' }],
  },
  {
    type: 'aws_cloudwatch_log_group',
    onReplace:
      'The log group is deleted with all its log events; delivery error logs written so far are lost.',
    onDelete: 'All log events in the group are lost.',
    source: 'internal/service/logs/group.go',
    forceNew: [{ path: 'name' }, { path: 'name_prefix' }, { path: 'log_group_class' }],
  },
  {
    type: 'aws_athena_workgroup',
    onReplace:
      'The workgroup is deleted with its query history and saved queries; the smoke checker and users fail until the new one exists.',
    onDelete: 'Query history and saved queries of the workgroup are lost.',
    source: 'internal/service/athena/workgroup.go',
    forceNew: [{ path: 'name' }],
  },
  {
    type: 'aws_kms_key',
    onReplace:
      'The old key is scheduled for deletion: data, logs and objects encrypted with it become unreadable when the deletion window ends.',
    onDelete:
      'The key is scheduled for deletion: everything encrypted with it becomes unreadable when the window ends.',
    source: 'internal/service/kms/key.go',
    forceNew: [
      { path: 'customer_master_key_spec' },
      { path: 'key_usage' },
      { path: 'multi_region' },
      { path: 'custom_key_store_id' },
    ],
  },
  {
    type: 'aws_s3tables_table_bucket',
    onReplace: 'The table bucket is deleted with every namespace, table and data file in it.',
    onDelete: 'Every namespace, table and data file in the table bucket is lost.',
    source: 'internal/service/s3tables/table_bucket.go',
    forceNew: [{ path: 'name' }],
  },
  {
    type: 'aws_s3tables_namespace',
    onReplace: 'The namespace is deleted with its tables and their data.',
    onDelete: 'The tables in the namespace and their data are lost.',
    source: 'internal/service/s3tables/namespace.go',
    forceNew: [{ path: 'namespace' }, { path: 'table_bucket_arn' }],
  },
  {
    type: 'aws_s3tables_table',
    onReplace: 'The S3 table is deleted with all its snapshots and data files, and created empty.',
    onDelete: 'The S3 table, its snapshots and its data files are lost.',
    source: 'internal/service/s3tables/table.go',
    forceNew: [{ path: 'table_bucket_arn' }],
  },
];

/** The data-bearing resource types, by Terraform type. */
export const DATA_BEARING_TYPES: Readonly<Record<string, DataBearingType>> = Object.freeze(
  Object.fromEntries(types.map((t) => [t.type, t])),
);

/** The entry for `type`, or `undefined` when replacing or deleting it loses no data. */
export function dataBearingType(type: string): DataBearingType | undefined {
  return Object.prototype.hasOwnProperty.call(DATA_BEARING_TYPES, type)
    ? DATA_BEARING_TYPES[type]
    : undefined;
}

/**
 * The force-new attributes of `type` that a change at `changedPath` (indices dropped) touches: the path
 * itself, anything under it (a whole block added or removed), or a block that contains it.
 */
export function forceNewAttributesAt(type: string, changedPath: string): ForceNewAttribute[] {
  const entry = dataBearingType(type);
  if (!entry) return [];
  return entry.forceNew.filter(
    (f) =>
      f.path === changedPath || changedPath.startsWith(`${f.path}.`) || f.path.startsWith(`${changedPath}.`),
  );
}

/**
 * How many nested blocks sit at `path` (dots between attribute names, no indices) in a synthesized
 * resource body: lists are counted by length, a single block object counts 1, an absent one 0.
 */
export function blockCount(body: unknown, path: string): number {
  let values: unknown[] = [body];
  for (const step of path.split('.')) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[step] : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return values.reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
}

/**
 * Whether changing `attribute` from `before` to `after` (the whole resource bodies) replaces the
 * resource: any change, or for `block-count-change` attributes only a different number of blocks.
 */
export function forcesReplacement(attribute: ForceNewAttribute, before: unknown, after: unknown): boolean {
  if ((attribute.replacesWhen ?? 'any-change') === 'any-change') return true;
  return blockCount(before, attribute.path) !== blockCount(after, attribute.path);
}
