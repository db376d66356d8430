/**
 * The CloudWatch log groups that Glue table optimizers write to. Their names are fixed by Glue and
 * shared by every optimizer of the account and region: they cannot be chosen per table or per role.
 */
export const TABLE_OPTIMIZER_LOG_GROUPS = {
  compaction: '/aws-glue/iceberg-compaction/logs',
  snapshotRetention: '/aws-glue/iceberg-retention/logs',
  orphanFileDeletion: '/aws-glue/iceberg-orphan-file-deletion/logs',
} as const;

/** Compaction: rewrites the many small files that streaming writes produce into fewer, larger ones. */
export interface CompactionOptions {
  /**
   * Run compaction. `false` keeps the optimizer resource but pauses it.
   * @default true
   */
  readonly enabled?: boolean;
}

/** Snapshot retention: expires old Iceberg snapshots (every Firehose commit makes one). */
export interface SnapshotRetentionOptions {
  /**
   * Run snapshot expiry. `false` keeps the optimizer resource but pauses it.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Days a snapshot is kept (time travel reaches back this far), at least 1.
   * @default 5
   */
  readonly snapshotRetentionPeriodInDays?: number;
  /**
   * Snapshots always kept, however old, at least 1.
   * @default 1
   */
  readonly numberOfSnapshotsToRetain?: number;
  /**
   * Also delete the data and metadata files that only expired snapshots reference. With `false`,
   * snapshots leave the metadata but their files stay in S3 (and keep costing storage).
   * @default true
   */
  readonly cleanExpiredFiles?: boolean;
}

/** Orphan-file deletion: removes files under the table location that no snapshot references. */
export interface OrphanFileDeletionOptions {
  /**
   * Run orphan-file deletion. `false` keeps the optimizer resource but pauses it; the optimizer only
   * ever deletes files created after it was created, so pausing (rather than removing) it keeps that
   * boundary.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Minimum age, in days, of an unreferenced file before it is deleted, at least 1. Keep it longer
   * than any write in progress can take.
   * @default 3
   */
  readonly orphanFileRetentionPeriodInDays?: number;
}

/** What table maintenance does; shared by `TableMaintenanceProps` and `IcebergCatalogProps`. */
export interface TableMaintenanceOptions {
  /**
   * Compaction settings.
   * @default - compaction enabled
   */
  readonly compaction?: CompactionOptions;
  /**
   * Snapshot retention settings.
   * @default - enabled: keep 5 days and at least 1 snapshot, delete expired files
   */
  readonly snapshotRetention?: SnapshotRetentionOptions;
  /**
   * Orphan-file deletion settings.
   * @default - enabled: delete unreferenced files older than 3 days
   */
  readonly orphanFileDeletion?: OrphanFileDeletionOptions;
  /**
   * Create the three optimizer log groups ({@link TABLE_OPTIMIZER_LOG_GROUPS}) with a retention
   * period. Set `false` when they already exist in the account and region (another stack owns them,
   * or optimizers ran there before): the role may then create them itself, without retention.
   * @default true
   */
  readonly manageLogGroups?: boolean;
  /**
   * Retention of the optimizer log groups, in days (a CloudWatch Logs value). Only with `manageLogGroups`.
   * @default 30
   */
  readonly logRetentionInDays?: number;
  /**
   * KMS key ARN that encrypts the optimizer log groups. Only with `manageLogGroups`.
   * @default - CloudWatch Logs' default encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * Name of the optimizer role (at most 64 characters).
   * @default - generated from the prefix `icelog-table-maint-`
   */
  readonly roleName?: string;
}

/** Defaults of {@link TableMaintenanceOptions}, as AWS Glue's own defaults where it has them. */
export const TABLE_MAINTENANCE_DEFAULTS = {
  snapshotRetentionPeriodInDays: 5,
  numberOfSnapshotsToRetain: 1,
  cleanExpiredFiles: true,
  orphanFileRetentionPeriodInDays: 3,
  logRetentionInDays: 30,
} as const;
